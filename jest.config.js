/** Jest projects: fast ones (unit, emulator, provider) and the engine-driven ones (e2e). */
const base = {
  preset: "ts-jest",
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  // Test workspaces under .tools hold copies of the packed package: not modules of this project.
  modulePathIgnorePatterns: ["<rootDir>/.tools/", "<rootDir>/dist/"],
};
module.exports = {
  projects: [
    { ...base, displayName: "unit", testMatch: ["<rootDir>/test/unit/**/*.test.ts"] },
    { ...base, displayName: "emulator", testMatch: ["<rootDir>/test/emulator/**/*.test.ts"] },
    { ...base, displayName: "provider", testMatch: ["<rootDir>/test/provider/**/*.test.ts"] },
    {
      ...base,
      displayName: "e2e",
      testMatch: ["<rootDir>/test/e2e/**/*.test.ts"],
      globalSetup: "<rootDir>/test/helpers/e2eSetup.ts",
    },
  ],
};

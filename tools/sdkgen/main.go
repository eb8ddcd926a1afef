// Command sdkgen writes the typed SDKs of the package's platforms from their package schemas, with the code
// generators of the Pulumi release the engine is built from: `codegen/python` for the Python packages
// (`sdk/python/<platform>/`) and `codegen/go` for the Go packages of the one module `sdk/go`. It runs the
// generators in-process because `pulumi package gen-sdk` asks a language host that is not built here.
//
// Usage: sdkgen -schema schema -out sdk roboflow paperspace ...
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// tool is the name the generated files' headers give as their generator.
const tool = "pulumi-dedicated-deployments sdkgen"

func main() {
	schemaDir := flag.String("schema", "schema", "the folder of the <platform>.json package schemas")
	outDir := flag.String("out", "sdk", "the folder the python/ and go/ SDKs are written under")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: sdkgen [-schema dir] [-out dir] <platform>...")
		os.Exit(2)
	}
	for _, platform := range flag.Args() {
		if err := generate(filepath.Join(*schemaDir, platform+".json"), platform, *outDir); err != nil {
			fmt.Fprintf(os.Stderr, "sdkgen: %s: %v\n", platform, err)
			os.Exit(1)
		}
	}
}

// generate writes one platform's Python and Go SDKs, replacing whatever an earlier run wrote there.
func generate(schemaPath, platform, outDir string) error {
	python, err := bind(schemaPath)
	if err != nil {
		return err
	}
	pyFiles, err := pygen.GeneratePackage(tool, python, nil, nil)
	if err != nil {
		return fmt.Errorf("generating the Python SDK: %w", err)
	}
	// pyproject.toml names README.md beside it, as the package's long description; the generator writes it
	// inside the package only (provider repositories copy it up in their build), so it is copied up here.
	if readme, ok := pyFiles["pulumi_"+platform+"/README.md"]; ok {
		pyFiles["README.md"] = readme
	}
	if err := writeFiles(filepath.Join(outDir, "python", platform), pyFiles); err != nil {
		return err
	}

	// Each generator imports its own language section into the package, so each gets a fresh binding.
	golang, err := bind(schemaPath)
	if err != nil {
		return err
	}
	goFiles, err := gogen.GeneratePackage(tool, golang, nil)
	if err != nil {
		return fmt.Errorf("generating the Go SDK: %w", err)
	}
	// The Go generator keys its files by the package folder (`<platform>/...`) inside the module.
	if err := os.RemoveAll(filepath.Join(outDir, "go", platform)); err != nil {
		return err
	}
	return writeFiles(filepath.Join(outDir, "go"), goFiles)
}

// bind reads and validates a package schema.
func bind(schemaPath string) (*schema.Package, error) {
	text, err := os.ReadFile(schemaPath)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		return nil, fmt.Errorf("reading %s: %w", schemaPath, err)
	}
	pkg, diags, err := schema.BindSpec(spec, selfContained{}, schema.ValidationOptions{})
	if err != nil {
		return nil, fmt.Errorf("binding %s: %w", schemaPath, err)
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("binding %s: %s", schemaPath, diags.Error())
	}
	return pkg, nil
}

// writeFiles writes `files` (relative paths) under `dir`; for Python, `dir` is emptied first.
func writeFiles(dir string, files map[string][]byte) error {
	if filepath.Base(filepath.Dir(dir)) == "python" {
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		target := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// selfContained is the loader of a schema that references no other package: a reference to one is an error.
type selfContained struct{}

func (selfContained) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema references the package %q; only self-contained schemas are generated", pkg)
}

func (l selfContained) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(d.Name, d.Version)
}

func (l selfContained) LoadPackageReference(pkg string, v *semver.Version) (schema.PackageReference, error) {
	_, err := l.LoadPackage(pkg, v)
	return nil, err
}

func (l selfContained) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return l.LoadPackageReference(d.Name, d.Version)
}

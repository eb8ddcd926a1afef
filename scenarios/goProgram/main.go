// Command goProgram drives a Go program that declares a Roboflow deployment with the generated Go SDK,
// through the Go Automation API's inline program (no Go language host is served here). One operation per
// run: `up`, `preview` (expecting no changes) or `destroy`; it prints the operation's change summary as JSON.
//
// Environment: PDD_STATE_DIR (a file backend), PDD_PLUGIN_DIR (the folder of pulumi-resource-roboflow; when
// empty the project names no plugin, and the engine gets the one the SDK names, as a user's would),
// ROBOFLOW_EMULATOR_URL and ROBOFLOW_TEST_KEY (the stack's config).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/pulumi-dedicated-deployments/pulumi-dedicated-deployments/sdk/go/roboflow"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func program(ctx *pulumi.Context) error {
	deployment, err := roboflow.NewDedicatedDeployment(ctx, "main", &roboflow.DedicatedDeploymentArgs{
		DeploymentName: pulumi.String("go-main"),
		MachineType:    pulumi.String("dev-gpu"),
		CreatorEmail:   pulumi.String("ops@example.com"),
		Duration:       pulumi.Float64(2),
	})
	if err != nil {
		return err
	}
	ctx.Export("url", deployment.Url)
	ctx.Export("status", deployment.Status)
	return nil
}

func main() {
	if err := run(context.Background(), os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(ctx context.Context, operation string) error {
	var plugins *workspace.Plugins
	if dir := os.Getenv("PDD_PLUGIN_DIR"); dir != "" {
		plugins = &workspace.Plugins{Providers: []workspace.PluginOptions{{Name: "roboflow", Path: dir}}}
	}
	project := workspace.Project{
		Name:    "gosdk",
		Runtime: workspace.NewProjectRuntimeInfo("go", nil),
		Plugins: plugins,
	}
	stack, err := auto.UpsertStackInlineSource(ctx, "test", "gosdk", program,
		auto.Project(project),
		auto.EnvVars(map[string]string{"PULUMI_BACKEND_URL": "file://" + os.Getenv("PDD_STATE_DIR")}),
	)
	if err != nil {
		return err
	}
	if err := stack.SetConfig(ctx, "roboflow:apiUrl", auto.ConfigValue{Value: os.Getenv("ROBOFLOW_EMULATOR_URL")}); err != nil {
		return err
	}
	key := auto.ConfigValue{Value: os.Getenv("ROBOFLOW_TEST_KEY"), Secret: true}
	if err := stack.SetConfig(ctx, "roboflow:apiKey", key); err != nil {
		return err
	}
	var summary any
	switch operation {
	case "up":
		result, err := stack.Up(ctx)
		if err != nil {
			return err
		}
		summary = map[string]any{"changes": result.Summary.ResourceChanges, "status": result.Outputs["status"].Value}
	case "preview":
		result, err := stack.Preview(ctx, optpreview.ExpectNoChanges())
		if err != nil {
			return err
		}
		summary = map[string]any{"changes": result.ChangeSummary}
	case "destroy":
		result, err := stack.Destroy(ctx)
		if err != nil {
			return err
		}
		summary = map[string]any{"changes": result.Summary.ResourceChanges}
	default:
		return fmt.Errorf("unknown operation %q: use up, preview or destroy", operation)
	}
	return json.NewEncoder(os.Stdout).Encode(summary)
}

// Shipyard deployments: running instances of a template or a container image on your Shipyard installation, created, updated in place and deleted by `pulumi up`.
package shipyard

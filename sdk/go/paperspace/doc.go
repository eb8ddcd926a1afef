// Paperspace Deployments: containers served at an HTTPS endpoint, created, updated in place and deleted by `pulumi up`.
package paperspace

// NX1 model deployments: registered MLflow models served online at a URL or scored in batch by a scheduled DAG, created, their roles updated in place, and deleted by `pulumi up`.
package nx1

// Roboflow Dedicated Deployments: managed inference servers that `pulumi up` creates, pauses, resumes and deletes.
package roboflow

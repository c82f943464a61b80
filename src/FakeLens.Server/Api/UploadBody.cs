using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FakeLens.Server.Api;

/// <summary>
/// Describes the upload body in the OpenAPI document. The endpoint reads the body itself (streaming, any media type),
/// so the body is not bound by a parameter, and <c>Accepts</c> metadata would make routing refuse other content types
/// with a bare 415 instead of the API's problem details.
/// </summary>
internal static class UploadBody
{
    public static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var binary = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
        if (operation.OperationId == "ComparePictures")
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "The two pictures: multipart parts 'suspect' and 'original', each with a filename.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["multipart/form-data"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Required = new HashSet<string> { "suspect", "original" },
                            Properties = new Dictionary<string, IOpenApiSchema> { ["suspect"] = binary, ["original"] = binary },
                        },
                    },
                },
            };
            return Task.CompletedTask;
        }

        if (operation.OperationId != "CreateAnalysis")
        {
            return Task.CompletedTask;
        }

        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The file: one multipart part named 'file' with a filename, or the raw bytes.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "file" },
                        Properties = new Dictionary<string, IOpenApiSchema> { ["file"] = binary },
                    },
                },
                ["application/octet-stream"] = new() { Schema = binary },
                ["image/*"] = new() { Schema = binary },
                ["audio/*"] = new() { Schema = binary },
                ["video/*"] = new() { Schema = binary },
            },
        };
        return Task.CompletedTask;
    }
}

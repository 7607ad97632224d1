using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AlertActors.Host.Api;

/// <summary>
/// The API leaves null members out of its JSON (<see cref="ApiJson.Configure"/>): in the OpenAPI document a member that
/// can be null is therefore optional, not required (a list's alerts carry no <c>deliveries</c>, a problem with one
/// problem no <c>problems</c>).
/// </summary>
public sealed class OpenApiOmittedNulls : IOpenApiSchemaTransformer
{
    public Task TransformAsync(
        OpenApiSchema schema,
        OpenApiSchemaTransformerContext context,
        CancellationToken cancellationToken
    )
    {
        if (schema.Required is not { Count: > 0 } required || schema.Properties is null)
            return Task.CompletedTask;
        foreach (var (name, property) in schema.Properties)
            if (CanBeNull(property))
                required.Remove(name);
        return Task.CompletedTask;
    }

    private static bool CanBeNull(IOpenApiSchema property) =>
        property.Type?.HasFlag(JsonSchemaType.Null) == true
        || property.OneOf?.Any(s => s.Type == JsonSchemaType.Null) == true;
}

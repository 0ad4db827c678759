using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dashop.Web.Features.Api;

/// <summary>
/// <c>/openapi/v1.json</c>: every /v1 call with its request fields (from the request records), its answer in the
/// envelope, and the envelope's <c>code</c> as an enumeration of <see cref="ApiCodes"/>, each value named.
/// </summary>
internal static class ApiDocument
{
    public const string Name = "v1";
    public const string EnvelopeSchema = "Envelope";
    public const string CodeSchema = "ApiCode";

    /// <summary>The <see cref="ApiCodes"/> constants, by value.</summary>
    public static IReadOnlyList<(string Name, int Value)> Codes { get; } = typeof(ApiCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(int))
        .Select(f => (f.Name, (int)f.GetRawConstantValue()!))
        .OrderBy(c => c.Item2)
        .ToList();

    public static void Configure(OpenApiOptions options)
    {
        options.ShouldInclude = d => d.RelativePath?.StartsWith("v1/", StringComparison.Ordinal) == true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Dashop front-end API";
            document.Info.Description = "The JSON calls of the dadashop front end. Every answer the application gives is HTTP 200 with "
                + "the envelope: `code` 200 (or 201) on success, otherwise one of the documented codes with `error.message`. "
                + "HTTP 400 means the body was not a JSON object; HTTP 429 a rate limit.";
            document.AddComponent(CodeSchema, CodeSchemaValue());
            document.AddComponent(EnvelopeSchema, EnvelopeSchemaValue(document));
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            operation.Responses ??= new OpenApiResponses();
            operation.Responses["200"] = new OpenApiResponse
            {
                Description = "The envelope: `code` says what happened.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = new OpenApiSchemaReference(EnvelopeSchema, context.Document) },
                },
            };
            operation.Responses["400"] = new OpenApiResponse
            {
                Description = "The body is not a JSON object (envelope with code 400).",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = new OpenApiSchemaReference(EnvelopeSchema, context.Document) },
                },
            };
            return Task.CompletedTask;
        });
    }

    private static OpenApiSchema CodeSchemaValue() => new()
    {
        Type = JsonSchemaType.Integer,
        Format = "int32",
        Description = "What happened: " + string.Join("; ", Codes.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Value} = {c.Name}"))) + ".",
        Enum = Codes.Select(c => (JsonNode)JsonValue.Create(c.Value)).ToList(),
        Extensions = new Dictionary<string, IOpenApiExtension>
        {
            ["x-enum-varnames"] = new JsonNodeExtension(new JsonArray(Codes.Select(c => (JsonNode)JsonValue.Create(c.Name)).ToArray())),
        },
    };

    private static OpenApiSchema EnvelopeSchemaValue(OpenApiDocument document) => new()
    {
        Type = JsonSchemaType.Object,
        Description = "Every /v1 answer. Which of the optional fields are present depends on the call and the code.",
        Required = new HashSet<string> { "code" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["code"] = new OpenApiSchemaReference(CodeSchema, document),
            ["error"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Present when the code is not a success.",
                Required = new HashSet<string> { "message" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["message"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "For people, in the request's language." },
                },
            },
            ["data"] = new OpenApiSchema { Description = "sms/code: a confirmation text; registration: { token }." },
            ["username"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The signed-in account (registration, Weibo login and bind)." },
            ["token"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A JWT for the front end (Weibo login and bind)." },
            ["uid"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Code 201: the ticket to send back to bind the Weibo account." },
            ["oauth_url"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Weibo authorization: where to send the browser." },
            ["carts_count"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "Registration: the items of the cart sent along." },
        },
    };
}

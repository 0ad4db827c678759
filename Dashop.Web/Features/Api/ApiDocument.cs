using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace Dashop.Web.Features.Api;

/// <summary>
/// <c>/openapi/v1.json</c>: every /v1 call with its operationId, summary and the <c>code</c> values it answers (from its
/// <see cref="ApiCallAttribute"/>, with examples), its request fields with formats and examples, the token scheme of
/// <c>Authorization</c>, and the envelope's <c>code</c> as an enumeration of <see cref="ApiCodes"/>, each value named.
/// Linted by Redocly CLI in the tests (tools/openapi-lint).
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

    public const string TokenScheme = "token";

    /// <summary>What each <see cref="ApiCodes"/> value means (docs/CONTRACT.md §4), for the descriptions and examples.</summary>
    public static IReadOnlyDictionary<int, string> Meanings { get; } = new Dictionary<int, string>
    {
        [ApiCodes.Ok] = "success",
        [ApiCodes.WeiboNotBound] = "Weibo account not bound yet: `uid` holds the ticket for the bind",
        [ApiCodes.SmsCannotSend] = "cannot be done now (SMS provider, site-wide SMS cap, full backlog, or a store unavailable): try again later",
        [ApiCodes.SmsCooldown] = "a code was already sent to this phone (cooldown)",
        [ApiCodes.CodeWrong] = "SMS code wrong, expired or voided by too many attempts; or no Weibo `code`",
        [ApiCodes.WeiboUnavailable] = "Weibo refused or is unavailable (also: the account is locked out)",
        [ApiCodes.DatabaseError] = "database error (nothing was kept)",
        [ApiCodes.InvalidPhone] = "invalid phone number (or not a mobile of an allowed region)",
        [ApiCodes.RateLimited] = "rate limited",
        [ApiCodes.Taken] = "username or phone taken, or the Weibo account already bound",
        [ApiCodes.InvalidField] = "invalid field; the message starts with the field's name",
        [ApiCodes.TicketInvalid] = "Weibo `state` or ticket invalid, expired or reused",
        [ApiCodes.WrongPassword] = "wrong username or password (never says which)",
        [ApiCodes.LockedOut] = "locked out",
        [ApiCodes.TokenInvalid] = "token expired, ended or unknown",
        [ApiCodes.NoAccount] = "no account: accept the terms to create one (`terms_accepted: true`; the code stays valid for that retry)",
    };

    /// <summary>The request fields: what each is, its format and an example (by JSON name).</summary>
    private static readonly Dictionary<string, (string Description, string? Format, JsonNode? Example)> Fields = new()
    {
        ["phone"] = ("A mobile number: 11 digits in mainland China (`+86` optional), or `+` and the country code for another allowed region.", null, "13800138000"),
        ["verify"] = ("The SMS code (`Sms:CodeLength` digits, 6 by default).", null, "123456"),
        ["password"] = ("The password (the registration rules apply to a new one; the message of 10118 says which failed).", "password", "correct-horse-battery-42"),
        ["email"] = ("An e-mail address; an activation link is sent there.", "email", "xiaoming@example.com"),
        ["uname"] = ("The new username.", null, "xiaoming"),
        ["username"] = ("A username (for `logIn` also a phone number).", null, "xiaoming"),
        ["carts"] = ("The visitor's cart as the dadashop front end keeps it (a JSON string of an object or an array, or the object or array itself): only its number of items is used, as `carts_count`.", null, "{\"12\":{\"count\":2}}"),
        ["purpose"] = ("What the code is for: `register` (the default), `login` or `reset`.", null, "register"),
        ["uid"] = ("The ticket of the 201 answer of `weiboLogin` (a string; a raw Weibo uid or a number is refused with 10119).", null, "CfDJ8Kx..."),
        ["terms_accepted"] = ("Whether the person ticked the terms box, for a front end that shows it; absent means the front end's own page asked. "
            + "For `logInWithSmsCode`: `true` creates the account of a phone that has none (absent or `false` answers 10124).", null, true),
    };

    /// <summary>The fields each request needs (a missing one is 10118, or 10112 for <c>verify</c>).</summary>
    private static readonly Dictionary<Type, string[]> RequiredFields = new()
    {
        [typeof(SmsCodeRequest)] = ["phone"],
        [typeof(RegisterRequest)] = ["uname", "password", "phone", "email", "verify"],
        [typeof(TokenRequest)] = ["username", "password"],
        [typeof(SmsTokenRequest)] = ["phone", "verify"],
        [typeof(PasswordResetRequest)] = ["phone", "verify", "password"],
        [typeof(WeiboBindRequest)] = ["uid", "username", "password", "phone", "email", "verify"],
    };

    private static readonly Dictionary<string, string> QueryParameters = new()
    {
        ["code"] = "The `code` of Weibo's redirect to the front end's callback.",
        ["state"] = "The `state` of Weibo's redirect (the one in `oauth_url`).",
        ["nonce"] = "The `nonce` of `weiboAuthorization`, kept by the front end.",
    };

    public static void Configure(OpenApiOptions options)
    {
        options.ShouldInclude = d => d.RelativePath?.StartsWith("v1/", StringComparison.Ordinal) == true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Dashop front-end API";
            document.Info.Description = "The JSON calls of the dadashop front end (docs/CONTRACT.md §4). Every answer the application gives "
                + "is HTTP 200 with the envelope: `code` 200 (or 201) on success, otherwise one of the call's codes with `error.message` "
                + "(in the request's language). A rate limit is also HTTP 200, with `code` 10116 and a `Retry-After` header, as the seed's "
                + "front end expects. HTTP 400 means the body was not a JSON object or was too large.";
            document.Servers = [new OpenApiServer { Url = "/", Description = "This Dashop site" }];
            document.AddComponent(CodeSchema, CodeSchemaValue());
            document.AddComponent(EnvelopeSchema, EnvelopeSchemaValue(document));
            document.Components!.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[TokenScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "Authorization",
                Description = "The token of a sign-in answer as the whole `Authorization` value, as the dadashop front end sends it; "
                    + "`Bearer <token>` works too.",
            };
            foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
                tag.Description = Tags.TryGetValue(tag.Name ?? "", out var description) ? description : tag.Description;
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (!RequiredFields.TryGetValue(context.JsonTypeInfo.Type, out var required) || schema.Properties is null)
                return Task.CompletedTask;
            foreach (var (name, property) in schema.Properties)
            {
                if (property is not OpenApiSchema field || !Fields.TryGetValue(name, out var about))
                    continue;
                field.Description = about.Description;
                field.Format = about.Format ?? field.Format;
                if (about.Example is { } example)
                    field.Examples = [example.DeepClone()];
                if (field.Type is { } type && required.Contains(name))
                    field.Type = type & ~JsonSchemaType.Null;
                if (name == "purpose")
                    field.Enum = ["register", "login", "reset"];
            }
            schema.Required = new HashSet<string>(required);
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<ApiCallAttribute>().FirstOrDefault() is not { } call)
                return Task.CompletedTask;
            var rateLimited = metadata.OfType<EnableRateLimitingAttribute>().Any();
            var hasBody = operation.RequestBody is not null;
            var codes = CodesOf(call, rateLimited, hasBody);

            operation.OperationId = call.OperationId;
            operation.Summary = call.Summary;
            operation.Description = Describe(call, codes, rateLimited);
            // A call without the token says so: no security at all, rather than none defined.
            operation.Security = call.Token
                ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(TokenScheme, context.Document)] = [] }]
                : [];
            // JsonBodyAttribute takes application/json only.
            if (operation.RequestBody is OpenApiRequestBody { Content: { } content })
            {
                foreach (var type in content.Keys.Where(t => t != "application/json").ToList())
                    content.Remove(type);
            }
            foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            {
                if (QueryParameters.TryGetValue(parameter.Name ?? "", out var description))
                    parameter.Description = description;
            }

            var answer = new OpenApiResponse
            {
                Description = "The envelope; `code` is one of " + string.Join(", ", codes.Select(c => c.ToString(CultureInfo.InvariantCulture))) + ".",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            AllOf =
                            [
                                new OpenApiSchemaReference(EnvelopeSchema, context.Document),
                                new OpenApiSchema
                                {
                                    Type = JsonSchemaType.Object,
                                    Properties = new Dictionary<string, IOpenApiSchema>
                                    {
                                        ["code"] = new OpenApiSchema
                                        {
                                            Type = JsonSchemaType.Integer,
                                            Format = "int32",
                                            Enum = codes.Select(c => (JsonNode)JsonValue.Create(c)).ToList(),
                                        },
                                    },
                                },
                            ],
                        },
                        Examples = Examples(call, codes),
                    },
                },
            };
            if (rateLimited)
            {
                answer.Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = new OpenApiHeader
                    {
                        Description = "With code 10116 from the rate limit: seconds to wait.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                    },
                };
            }
            operation.Responses = new OpenApiResponses { ["200"] = answer };
            if (hasBody)
            {
                operation.Responses["400"] = new OpenApiResponse
                {
                    Description = "The body is not a JSON object, or is too large (envelope with code 400).",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new()
                        {
                            Schema = BadRequestSchema(),
                            Example = JsonNode.Parse("""{"code":400,"error":{"message":"The request body must be a JSON object (Content-Type: application/json)."}}"""),
                        },
                    },
                };
            }
            return Task.CompletedTask;
        });
    }

    private static readonly Dictionary<string, string> Tags = new()
    {
        ["UsersApi"] = "SMS codes and registration.",
        ["TokensApi"] = "Signing in, and the token's status.",
        ["PasswordApi"] = "A forgotten password.",
        ["WeiboApi"] = "Signing in with Weibo, and binding a Weibo account to a new account.",
    };

    private static OpenApiSchema BadRequestSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { "code", "error" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Enum = [JsonValue.Create(400)] },
            ["error"] = ErrorSchema(),
        },
    };

    /// <summary>The codes a call answers: 200, its own, 10116 when rate limited and 10118 for a field of the wrong type in a JSON body.</summary>
    public static IReadOnlyList<int> CodesOf(ApiCallAttribute call, bool rateLimited, bool hasBody) =>
        call.Codes.Append(ApiCodes.Ok)
            .Concat(rateLimited ? [ApiCodes.RateLimited] : [])
            .Concat(hasBody ? [ApiCodes.InvalidField] : [])
            .Distinct().Order().ToList();

    private static string Describe(ApiCallAttribute call, IReadOnlyList<int> codes, bool rateLimited)
    {
        var text = new StringBuilder(call.Description);
        if (rateLimited)
            text.Append("\n\nRate limited per client address (`RateLimits:PasswordAttemptsPerMinutePerIp` or the Weibo limit): over it the answer "
                + "is code 10116 with a `Retry-After` header.");
        text.Append("\n\nCodes:\n");
        foreach (var code in codes)
            text.Append(CultureInfo.InvariantCulture, $"\n- `{code}`: {Meanings[code]}");
        return text.ToString();
    }

    private static Dictionary<string, IOpenApiExample> Examples(ApiCallAttribute call, IReadOnlyList<int> codes)
    {
        var examples = new Dictionary<string, IOpenApiExample>
        {
            ["success"] = new OpenApiExample { Summary = "Success", Value = JsonNode.Parse(call.SuccessExample) },
        };
        foreach (var code in codes.Where(c => c != ApiCodes.Ok && !call.SuccessExample.Contains($"\"code\":{c}", StringComparison.Ordinal)))
        {
            examples[code.ToString(CultureInfo.InvariantCulture)] = new OpenApiExample
            {
                Summary = Meanings[code],
                Value = code == ApiCodes.WeiboNotBound
                    ? new JsonObject { ["code"] = code, ["uid"] = "CfDJ8Kx..." }
                    : new JsonObject { ["code"] = code, ["error"] = new JsonObject { ["message"] = Meanings[code] } },
            };
        }
        return examples;
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
            ["error"] = ErrorSchema(),
            ["data"] = new OpenApiSchema { Description = "sms/code: a confirmation text; registration: { token }." },
            ["username"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The signed-in account (registration, Weibo login and bind)." },
            ["token"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A JWT for the front end (Weibo login and bind)." },
            ["uid"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Code 201: the ticket to send back to bind the Weibo account." },
            ["oauth_url"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri", Description = "Weibo authorization: where to send the browser." },
            ["nonce"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Weibo authorization: to keep and send back to weiboLogin." },
            ["carts_count"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "Registration: the items of the cart sent along." },
        },
    };

    private static OpenApiSchema ErrorSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "Present when the code is not a success.",
        Required = new HashSet<string> { "message" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["message"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "For people, in the request's language." },
        },
    };
}

using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dashop.Web.Features.Api;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Dashop.Web.Tests.Operations;

/// <summary>
/// /openapi/v1.json: every /v1 route, each call with its own operationId, summary and the codes docs/CONTRACT.md gives
/// it (with an example of each), the token scheme, request fields with examples; and Redocly CLI finds no error in it.
/// </summary>
public sealed partial class OpenApiTests
{
    private static async Task<string> DocumentJsonAsync()
    {
        var factory = await SharedHosts.DevelopmentAsync();
        using var client = factory.CreateClient();
        return await client.GetStringAsync("/openapi/v1.json");
    }

    private static OpenApiDocument Parse(string json)
    {
        var result = OpenApiDocument.Parse(json, OpenApiConstants.Json, new OpenApiReaderSettings());
        Assert.That(result.Diagnostic?.Errors ?? [], Is.Empty, "the document validates");
        return result.Document!;
    }

    [Test]
    public async Task The_OpenAPI_document_parses_and_describes_every_v1_route_and_every_code()
    {
        var factory = await SharedHosts.DevelopmentAsync();
        using var client = factory.CreateClient();
        var document = Parse(await client.GetStringAsync("/openapi/v1.json"));

        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("v1/", StringComparison.Ordinal) == true)
            .Select(e => (Path: "/" + e.RoutePattern.RawText!.TrimStart('/').TrimEnd('/'),
                Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []))
            .ToList();
        Assert.That(routes, Is.Not.Empty);
        foreach (var (path, methods) in routes)
        {
            Assert.That(document.Paths.ContainsKey(path), Is.True, $"{path} is described");
            foreach (var method in methods)
                Assert.That(document.Paths[path].Operations!.Keys.Select(k => k.Method), Does.Contain(method), $"{method} {path}");
        }

        var sms = document.Paths["/v1/users/sms/code"].Operations![HttpMethod.Post];
        Assert.That(sms.RequestBody!.Content!["application/json"].Schema!.Properties!.Keys, Does.Contain("phone"));
        var code = document.Components!.Schemas!["ApiCode"];
        Assert.That(code.Enum!.Select(v => v.GetValue<int>()), Is.EquivalentTo(ApiDocument.Codes.Select(c => c.Value)));
        Assert.That(code.Description, Does.Contain("10111 = SmsCooldown"));
        Assert.That(document.Components.Schemas["Envelope"].Properties!.Keys, Does.Contain("code").And.Contain("error"));
    }

    /// <summary>The calls of CONTRACT.md §4's table, each with 200 and every code named in its success and failure columns.</summary>
    private static Dictionary<(string Method, string Path), HashSet<int>> ContractCodes() =>
        ContractRow().Matches(RepositoryFiles.Read("docs/CONTRACT.md"))
            .ToDictionary(
                m => (m.Groups["method"].Value, m.Groups["path"].Value),
                m => ContractCode().Matches(m.Groups["success"].Value + " " + m.Groups["failures"].Value).Select(c => int.Parse(c.Value)).Append(200).ToHashSet());

    [Test]
    public async Task Each_call_has_its_own_operationId_summary_and_the_codes_of_the_contract_with_an_example_of_each()
    {
        var document = Parse(await DocumentJsonAsync());
        var contract = ContractCodes();
        Assert.That(contract, Has.Count.EqualTo(9), "the calls of docs/CONTRACT.md §4");

        var operations = document.Paths.SelectMany(p => p.Value.Operations!.Select(o => (Method: o.Key.Method, Path: p.Key, Operation: o.Value))).ToList();
        Assert.That(operations.Select(o => (o.Method, o.Path)), Is.EquivalentTo(contract.Keys), "the document's calls are the contract's");
        Assert.That(operations.Select(o => o.Operation.OperationId), Is.Unique.And.All.Match("^[a-z][A-Za-z]+$"));
        Assert.That(operations.Select(o => o.Operation.Summary), Is.Unique.And.All.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var (method, path, operation) in operations)
            {
                var media = operation.Responses!["200"].Content!["application/json"];
                var codes = media.Schema!.AllOf!.OfType<OpenApiSchema>().Single(s => s.Properties?.ContainsKey("code") == true)
                    .Properties!["code"].Enum!.Select(v => v.GetValue<int>()).ToHashSet();
                Assert.That(codes, Is.EquivalentTo(contract[(method, path)]), $"{method} {path}: the codes of CONTRACT.md");
                var examples = media.Examples!.Values.Select(e => e.Value!["code"]!.GetValue<int>()).ToHashSet();
                Assert.That(examples, Is.EquivalentTo(codes), $"{method} {path}: an example of each code");
                foreach (var c in codes.Where(c => c >= 10000))
                    Assert.That(operation.Description, Does.Contain($"`{c}`: "), $"{method} {path} says what {c} means");
            }
        });
    }

    [Test]
    public async Task The_token_call_names_the_Authorization_scheme_and_request_fields_have_examples()
    {
        var document = Parse(await DocumentJsonAsync());
        var scheme = document.Components!.SecuritySchemes![ApiDocument.TokenScheme];
        var status = document.Paths["/v1/tokens/status"].Operations![HttpMethod.Get];
        var register = document.Paths["/v1/users"].Operations![HttpMethod.Post];
        var fields = register.RequestBody!.Content!["application/json"].Schema!;
        Assert.Multiple(() =>
        {
            Assert.That((scheme.Type, scheme.In, scheme.Name), Is.EqualTo((SecuritySchemeType.ApiKey, ParameterLocation.Header, "Authorization")));
            Assert.That(scheme.Description, Does.Contain("Bearer"));
            Assert.That(status.Security!.SelectMany(r => r.Keys).Select(k => k.Reference.Id), Is.EqualTo(new[] { ApiDocument.TokenScheme }));
            Assert.That(register.Security, Is.Empty, "registration needs no token");
            Assert.That(register.RequestBody.Content.Keys, Is.EqualTo(new[] { "application/json" }), "the only body type accepted");
            Assert.That(fields.Required, Is.SupersetOf(new[] { "uname", "password", "phone", "email", "verify" }));
            foreach (var name in fields.Required!)
            {
                var field = fields.Properties![name];
                Assert.That(field.Examples, Is.Not.Empty, $"{name} has an example");
                Assert.That(field.Type, Is.EqualTo(JsonSchemaType.String), $"{name} is a string, not nullable");
            }
            Assert.That(fields.Properties!["email"].Format, Is.EqualTo("email"));
            Assert.That(fields.Properties["password"].Format, Is.EqualTo("password"));
            Assert.That(register.Responses!["200"].Headers!.Keys, Does.Contain("Retry-After"), "a rate-limited call");
        });
    }

    [Test]
    [Category(TestCategories.Servers)]
    public async Task Redocly_CLI_finds_no_error_in_the_OpenAPI_document()
    {
        TestCategories.Require(TestCategories.Servers);
        var linter = Environment.GetEnvironmentVariable("DASHOP_TEST_OPENAPI_LINTER") is { Length: > 0 } named
            ? named
            : Path.Combine(RepositoryFiles.Root, "tools/openapi-lint/node_modules/.bin/redocly");
        Assert.That(File.Exists(linter), Is.True, $"{linter} is missing: ./test.sh installs it (npm ci in tools/openapi-lint)");
        var file = Path.Combine(Directory.CreateTempSubdirectory("dashop-openapi-").FullName, "v1.json");
        await File.WriteAllTextAsync(file, await DocumentJsonAsync());
        try
        {
            var start = new ProcessStartInfo(linter) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "lint", file, "--config", Path.Combine(RepositoryFiles.Root, "tools/openapi-lint/redocly.yaml"), "--format=json" })
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var report = await output;
            using var json = JsonDocument.Parse(report[report.IndexOf('{')..]);
            var problems = json.RootElement.GetProperty("problems").EnumerateArray()
                .Where(p => p.GetProperty("severity").GetString() == "error")
                .Select(p => $"{p.GetProperty("ruleId").GetString()}: {p.GetProperty("message").GetString()}")
                .ToList();
            Assert.That(problems, Is.Empty, report);
            Assert.That(process.ExitCode, Is.EqualTo(0), await error);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [GeneratedRegex(@"(?m)^\| `(?<method>GET|POST) (?<path>/v1/[^` ?]*)[^`]*`[^|]*\|[^|]*\| (?<success>[^|]*) \| (?<failures>[^|]*) \|$")]
    private static partial Regex ContractRow();

    [GeneratedRegex(@"\b(20[01]|101[0-9]{2})\b")]
    private static partial Regex ContractCode();
}

namespace Dashop.Web.Features.Api;

/// <summary>
/// How <c>/openapi/v1.json</c> describes a /v1 call: its operationId, summary, the <c>code</c> values the action answers
/// besides 200 (10116 is added for a rate-limited call, 10118 for a call with a JSON body: the plumbing answers those),
/// and an example of its success. Beside the action, so that a new answer and its description change together.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ApiCallAttribute(string operationId, string summary, params int[] codes) : Attribute
{
    public string OperationId { get; } = operationId;

    public string Summary { get; } = summary;

    public IReadOnlyList<int> Codes { get; } = codes;

    /// <summary>Markdown: what the call does, beyond the summary.</summary>
    public string Description { get; set; } = "";

    /// <summary>The JSON of a successful answer.</summary>
    public string SuccessExample { get; set; } = """{"code":200}""";

    /// <summary>Needs the token in <c>Authorization</c>.</summary>
    public bool Token { get; set; }
}

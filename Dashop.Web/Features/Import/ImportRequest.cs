namespace Dashop.Web.Features.Import;

/// <summary>What one run of <c>import-dadashop</c> was asked to do.</summary>
public sealed record ImportRequest(string Connection, DadashopProvider Provider, bool DryRun = false, int BatchSize = ImportRequest.DefaultBatchSize, string? ReportPath = null)
{
    public const int DefaultBatchSize = 500;
    public const int MaxBatchSize = 10_000;
}

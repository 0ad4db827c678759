using System.Data.Common;
using System.Globalization;
using Dashop.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Features.Import;

/// <summary>
/// <c>import-dadashop --connection "..." --provider MySql|Sqlite [--dry-run] [--batch 500] [--report file.json]</c>:
/// brings a dadashop site's users and Weibo profiles over (spec §12). Progress goes to standard error, the report to
/// standard output (and to the JSON file).
/// </summary>
public sealed partial class ImportDadashopCommand(DadashopImporter importer, IServiceProvider services, ILogger<ImportDadashopCommand> logger)
{
    public const string Verb = "import-dadashop";

    /// <summary>Where the source's connection string may come from instead of --connection (which other users see in <c>ps</c>).</summary>
    public const string ConnectionVariable = "DASHOP_IMPORT_CONNECTION";

    public const int Ok = 0;
    public const int UsageError = 2;
    public const int SourceFailed = 3;
    public const int TargetFailed = 4;

    public const string Usage = """
        Usage: dotnet Dashop.Web.dll import-dadashop --connection "CONNECTION STRING" --provider MySql|Sqlite
                                                     [--dry-run] [--batch 500] [--report FILE.json]

          Imports the users (user_user_profile) and Weibo profiles (user_weibo_profile) of a dadashop database into
          the database this site is configured with. Rows already imported are skipped, so an interrupted run is
          completed by running it again. Passwords keep their MD5 hash until each person's first login.

          --connection may be left out when the environment variable DASHOP_IMPORT_CONNECTION holds the connection
          string (other users of the machine can read command lines, not another process's environment).

          --provider MySql   MySQL or MariaDB, e.g. "Server=HOST;Port=3306;Database=dadashop;User ID=USER;Password=..."
          --provider Sqlite  a copy of the database in SQLite, e.g. "Data Source=/path/dadashop.sqlite3" (opened read-only)
          --dry-run          does all the work in a transaction that is rolled back: the report says what would happen
          --batch N          rows per transaction (1-10000, default 500)
          --report FILE      also writes the report as JSON: imported, present, skipped [{legacy_id, username, reason}]

          Exit codes: 0 ran (even with skipped rows), 2 usage error, 3 the source could not be read,
          4 the Dashop database could not be opened, migrated or written.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        if (!TryParse(args, out var options, out var problem))
        {
            if (problem is null)
            {
                await output.WriteLineAsync(Usage);
                return Ok;
            }
            await error.WriteLineAsync($"{Verb}: {problem}");
            await error.WriteLineAsync(Usage);
            return UsageError;
        }

        // The target's schema first, as the site does at start; a database that cannot be opened is exit code 4, not a crash.
        try
        {
            await services.MigrateDashopDatabaseAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
        {
            LogTargetFailed(logger, ex);
            await error.WriteLineAsync($"{Verb}: could not open or migrate the Dashop database ({ex.GetBaseException().Message}).");
            return TargetFailed;
        }

        ImportReport report;
        try
        {
            await using var source = DadashopReader.Create(options.Provider, options.Connection);
            await source.OpenAsync(cancellationToken);
            report = await importer.RunAsync(source, options, error, cancellationToken);
        }
        catch (ImportSourceException ex)
        {
            await error.WriteLineAsync($"{Verb}: {ex.Message}");
            return SourceFailed;
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException or InvalidOperationException or TimeoutException)
        {
            LogTargetFailed(logger, ex);
            await error.WriteLineAsync($"{Verb}: could not write the Dashop database ({ex.GetBaseException().Message}). Batches written so far are kept; run the command again to continue.");
            return TargetFailed;
        }

        await output.WriteAsync(report.ToText());
        if (options.ReportPath is not null)
        {
            await File.WriteAllTextAsync(options.ReportPath, report.ToJson(), cancellationToken);
            await output.WriteLineAsync($"  report: {Path.GetFullPath(options.ReportPath)}");
        }
        return Ok;
    }

    /// <summary>False with a null <paramref name="problem"/> for --help.</summary>
    private static bool TryParse(IReadOnlyList<string> args, out ImportRequest options, out string? problem)
    {
        options = null!;
        problem = null;
        string? connection = null, provider = null, batch = null, report = null;
        var dryRun = false;
        for (var i = 0; i < args.Count; i++)
        {
            var (name, value) = args[i].Split('=', 2) is [var n, var v] && n.StartsWith("--", StringComparison.Ordinal) ? (n, (string?)v) : (args[i], null);
            if (name is "--help" or "-h")
                return false;
            if (name == "--dry-run")
            {
                dryRun = true;
                continue;
            }
            if (name is not ("--connection" or "--provider" or "--batch" or "--report"))
            {
                problem = $"unknown argument '{args[i]}'.";
                return false;
            }
            if (value is null && i + 1 < args.Count)
                value = args[++i];
            if (string.IsNullOrWhiteSpace(value))
            {
                problem = $"{name} needs a value.";
                return false;
            }
            switch (name)
            {
                case "--connection": connection = value; break;
                case "--provider": provider = value; break;
                case "--batch": batch = value; break;
                default: report = value; break;
            }
        }

        connection ??= Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
        if (connection is null)
            problem = $"--connection (or {ConnectionVariable}) is required.";
        else if (!Enum.TryParse<DadashopProvider>(provider, ignoreCase: true, out var parsedProvider) || int.TryParse(provider, out _))
            problem = "--provider must be MySql or Sqlite.";
        else if (batch is not null && (!int.TryParse(batch, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size is < 1 or > ImportRequest.MaxBatchSize))
            problem = $"--batch must be a number from 1 to {ImportRequest.MaxBatchSize}.";
        else
            options = new ImportRequest(connection, parsedProvider, dryRun,
                batch is null ? ImportRequest.DefaultBatchSize : int.Parse(batch, CultureInfo.InvariantCulture), report);
        return problem is null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "import-dadashop could not write the Dashop database")]
    private static partial void LogTargetFailed(ILogger logger, Exception exception);
}

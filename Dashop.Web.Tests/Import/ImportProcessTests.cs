using System.Diagnostics;
using System.Text.Json;
using Dashop.Web.Features.Import;
using Dashop.Web.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Dashop.Web.Tests.Import;

/// <summary>The verb as an operator runs it: the real process, its exit codes, and a run killed between batches.</summary>
public sealed class ImportProcessTests
{
    private const int Users = 3000;
    private const int WeiboProfiles = 600;
    private const int Batch = 50;

    private string _data = null!;
    private DadashopSource _source = null!;

    [SetUp]
    public async Task CreateAsync()
    {
        _data = Directory.CreateTempSubdirectory("dashop-import-").FullName;
        _source = await DadashopSource.CreateAsync(SourceKind.Sqlite);
    }

    [TearDown]
    public async Task DeleteAsync()
    {
        await _source.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Test]
    public async Task A_mistyped_verb_exits_with_2_and_lists_the_verbs_instead_of_starting_the_site()
    {
        var run = await RunToEndAsync("import-dadshop", "--provider", "Sqlite");
        Assert.Multiple(() =>
        {
            Assert.That(run.Code, Is.EqualTo(2));
            Assert.That(run.Error, Does.Contain("import-dadshop").And.Contain("import-dadashop").And.Contain("create-admin"));
            Assert.That(File.Exists(Path.Combine(_data, "dashop.db")), Is.False, "the app did not start (nor migrate a database)");
        });
    }

    [Test]
    public async Task A_missing_provider_is_a_usage_error()
    {
        var run = await RunToEndAsync(ImportDadashopCommand.Verb, "--connection", _source.ConnectionString);
        Assert.Multiple(() =>
        {
            Assert.That(run.Code, Is.EqualTo(ImportDadashopCommand.UsageError));
            Assert.That(run.Error, Does.Contain("--provider"));
            Assert.That(File.Exists(Path.Combine(_data, "dashop.db")), Is.False, "nothing is touched before the arguments are right");
        });
    }

    [Test]
    public async Task A_source_that_cannot_be_read_exits_with_3()
    {
        var missing = Path.Combine(_data, "no-such-dadashop.sqlite3");
        var run = await RunToEndAsync(ImportDadashopCommand.Verb, "--provider", "Sqlite", "--connection", $"Data Source={missing}");
        Assert.Multiple(() =>
        {
            Assert.That(run.Code, Is.EqualTo(ImportDadashopCommand.SourceFailed), run.Error);
            Assert.That(File.Exists(missing), Is.False, "the source is opened read-only, never created");
        });
    }

    [Test]
    public async Task A_target_that_cannot_be_opened_exits_with_4()
    {
        await _source.AddUserAsync(1, "alice", "alice-pass-1", "alice@example.com", "13800138000", active: true);
        var unwritable = Path.Combine(_data, "no-such-folder", "dashop.db");
        var run = await AppProcess.RunAsync(_data, [ImportDadashopCommand.Verb, "--provider", "Sqlite", "--connection", _source.ConnectionString],
            environment: e => e["ConnectionStrings__Dashop"] = $"Data Source={unwritable}");
        Assert.Multiple(() =>
        {
            Assert.That(run.Code, Is.EqualTo(ImportDadashopCommand.TargetFailed), run.Output + run.Error);
            Assert.That(run.Error, Does.Contain("could not open or migrate the Dashop database"));
        });
    }

    [Test]
    public async Task The_connection_string_may_come_from_the_environment_instead_of_the_command_line()
    {
        await _source.AddUserAsync(1, "alice", "alice-pass-1", "alice@example.com", "13800138000", active: true);
        var run = await AppProcess.RunAsync(_data, [ImportDadashopCommand.Verb, "--provider", "Sqlite"],
            environment: e => e[ImportDadashopCommand.ConnectionVariable] = _source.ConnectionString);
        Assert.That(run.Code, Is.EqualTo(ImportDadashopCommand.Ok), run.Error);
        Assert.That(await CountTargetAsync(), Is.EqualTo((1, 0)));
    }

    [Test]
    public async Task An_import_killed_between_batches_completes_on_the_rerun_without_duplicates()
    {
        await FillAsync();
        string[] args = [ImportDadashopCommand.Verb, "--provider", "Sqlite", "--connection", _source.ConnectionString, "--batch", Batch.ToString(System.Globalization.CultureInfo.InvariantCulture)];

        // Kill it as soon as it reports its first committed batch.
        using (var first = Start(args))
        {
            _ = first.StandardOutput.ReadToEndAsync();
            string? line;
            while ((line = await first.StandardError.ReadLineAsync()) is not null && !line.StartsWith("users ", StringComparison.Ordinal))
            {
            }
            Assert.That(line, Is.Not.Null, "the import ended without reporting a batch");
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }
        var (usersAfterKill, _) = await CountTargetAsync();
        Assert.That(usersAfterKill, Is.GreaterThan(0).And.LessThan(Users), "killed part-way through the users");
        Assert.That(usersAfterKill % Batch, Is.Zero, "whole batches only: each is one transaction");

        var reportFile = Path.Combine(_data, "report.json");
        var rerun = await RunToEndAsync([.. args, "--report", reportFile]);
        Assert.That(rerun.Code, Is.EqualTo(ImportDadashopCommand.Ok), rerun.Error);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(reportFile));
        var (users, weibo) = await CountTargetAsync();
        Assert.Multiple(() =>
        {
            Assert.That((users, weibo), Is.EqualTo((Users, WeiboProfiles)));
            Assert.That(report.RootElement.GetProperty("users").GetProperty("present").GetInt32(), Is.EqualTo(usersAfterKill));
            Assert.That(report.RootElement.GetProperty("users").GetProperty("imported").GetInt32(), Is.EqualTo(Users - usersAfterKill));
            Assert.That(report.RootElement.GetProperty("skipped").GetArrayLength(), Is.Zero);
        });
    }

    private async Task FillAsync()
    {
        await _source.ExecuteAsync($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Users})
            INSERT INTO user_user_profile (id, created_time, updated_time, username, password, email, phone, is_active)
            SELECT i, '2022-01-01 08:00:00', '2022-01-01 08:00:00', 'user' || i, '5f4dcc3b5aa765d61d8327deb882cf99',
                   'user' || i || '@example.com', '176' || printf('%08d', i), i % 2 FROM n;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {WeiboProfiles})
            INSERT INTO user_weibo_profile (id, created_time, updated_time, wuid, access_token, user_profile_id)
            SELECT i, '2022-02-01 08:00:00', '2022-02-01 08:00:00', CAST(5000000000 + i AS TEXT), 'token' || i,
                   CASE WHEN i % 3 = 0 THEN NULL ELSE i * 4 END FROM n;
            """);
    }

    /// <summary>Users and Weibo profiles in the target, counted by distinct legacy id (a duplicate would also break the unique index).</summary>
    private async Task<(int Users, int Weibo)> CountTargetAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "dashop.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(DISTINCT LegacyId) FROM AspNetUsers WHERE LegacyId IS NOT NULL),
                   (SELECT COUNT(DISTINCT LegacyId) FROM ExternalLogins WHERE LegacyId IS NOT NULL)
            """;
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt32(0), reader.GetInt32(1));
    }

    private Process Start(IEnumerable<string> args) => AppProcess.Start(_data, args);

    private Task<(int Code, string Output, string Error)> RunToEndAsync(params string[] args) => AppProcess.RunAsync(_data, args);
}

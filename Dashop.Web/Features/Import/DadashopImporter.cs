using Dashop.Web.Infrastructure;
using System.Diagnostics;
using System.Globalization;
using Dashop.Web.Features.Registration;
using Dashop.Web.Features.Sms;
using Dashop.Web.Features.ExternalLogin;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Features.Import;

/// <summary>
/// Copies a dadashop site's users and Weibo profiles into Dashop (spec §12). Users first, then Weibo profiles, each
/// table in id order and in batches; each batch is one transaction, and every row carries its dadashop id
/// (<see cref="DashopUser.LegacyId"/>, <see cref="ExternalAccount.LegacyId"/>), so a rerun skips what is there and an
/// interrupted run is completed by running it again. A dry run does the same work in one transaction that is rolled
/// back at the end: later batches then see the earlier ones, as in a real run, and the report is the real one.
/// Hashes are copied, never computed.
/// </summary>
public sealed partial class DadashopImporter(
    DashopDbContext db,
    PhoneNumberParser phones,
    AccountRules rules,
    AccountCreator accounts,
    IDataProtectionProvider dataProtection,
    TimeProvider time,
    ILogger<DadashopImporter> logger)
{
    /// <summary>A batch whose write hits a unique key (someone registered the phone meanwhile) is checked again and retried.</summary>
    private const int MaxBatchAttempts = 3;

    /// <summary>Dadashop's Weibo links land in the external-login table under Weibo's scheme, which the Weibo handler signs in with.</summary>
    public const string WeiboProvider = "Weibo";

    /// <summary>Weibo uids are at most 32 characters (dadashop's <c>wuid</c> column).</summary>
    private const int WeiboUidMaxLength = 32;

    private DbSet<ExternalAccount> Links => db.Set<ExternalAccount>();

    private readonly IDataProtector _tokens = dataProtection.CreateProtector(ExternalLoginService.TokenProtectionPurpose(WeiboProvider));

    public async Task<ImportReport> RunAsync(DadashopReader source, ImportRequest options, TextWriter progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var report = new ImportReport { DryRun = options.DryRun };
        report.Users.Total = await source.CountUsersAsync(cancellationToken);
        report.WeiboProfiles.Total = await source.CountWeiboProfilesAsync(cancellationToken);

        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var dryRun = options.DryRun ? await db.Database.BeginTransactionAsync(cancellationToken) : null;

        await ImportTableAsync("users", report.Users, options,
            (after, ct) => source.ReadUsersAsync(after, options.BatchSize, ct), row => row.Id,
            (rows, ct) => PrepareUsersAsync(rows, ct), report, progress, cancellationToken);
        await ImportTableAsync("Weibo profiles", report.WeiboProfiles, options,
            (after, ct) => source.ReadWeiboProfilesAsync(after, options.BatchSize, ct), row => row.Id,
            (rows, ct) => PrepareWeiboProfilesAsync(rows, ct), report, progress, cancellationToken);

        if (dryRun is not null)
            await dryRun.RollbackAsync(cancellationToken);
        report.ElapsedSeconds = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 2);
        LogFinished(logger, options.DryRun, report.Users.Imported, report.WeiboProfiles.Imported, report.Present, report.Skipped.Count);
        return report;
    }

    /// <summary>What one batch will write: the new rows, the rows left behind, and how many were there already.</summary>
    private sealed record Batch(List<object> Rows, List<SkippedRow> Skipped, int Present);

    private async Task ImportTableAsync<TRow>(
        string label,
        TableCounts counts,
        ImportRequest options,
        Func<long, CancellationToken, Task<List<TRow>>> read,
        Func<TRow, long> idOf,
        Func<List<TRow>, CancellationToken, Task<Batch>> prepare,
        ImportReport report,
        TextWriter progress,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        long after = 0, done = 0;
        while (true)
        {
            var rows = await read(after, cancellationToken);
            if (rows.Count == 0)
                break;
            var batch = await WriteAsync(rows, prepare, options.DryRun, cancellationToken);
            counts.Imported += batch.Rows.Count;
            counts.Present += batch.Present;
            foreach (var skipped in batch.Skipped)
                report.Skip(skipped.Kind, skipped.LegacyId, skipped.Username, skipped.Reason);

            after = idOf(rows[^1]);
            done += rows.Count;
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{label} {done}/{Math.Max(done, counts.Total)} ({(seconds > 0 ? done / seconds : 0):0}/s)"));
        }
    }

    private async Task<Batch> WriteAsync<TRow>(List<TRow> rows, Func<List<TRow>, CancellationToken, Task<Batch>> prepare, bool dryRun, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var batch = await prepare(rows, cancellationToken);
                await using var transaction = dryRun ? null : await db.Database.BeginTransactionAsync(cancellationToken);
                db.AddRange(batch.Rows);
                await db.SaveChangesAsync(cancellationToken);
                if (transaction is not null)
                    await transaction.CommitAsync(cancellationToken);
                return batch;
            }
            catch (DbUpdateException ex) when (attempt < MaxBatchAttempts)
            {
                LogBatchRetried(logger, attempt, ex.GetType().Name);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<Batch> PrepareUsersAsync(List<DadashopUserRow> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => (long?)r.Id).ToList();
        var present = await db.Users.Where(u => ids.Contains(u.LegacyId)).Select(u => u.LegacyId!.Value).ToListAsync(cancellationToken);
        var presentIds = present.ToHashSet();

        var skipped = new List<SkippedRow>();
        var candidates = new List<DashopUser>();
        foreach (var row in rows.Where(r => !presentIds.Contains(r.Id)))
        {
            if (Map(row, out var reason) is { } user)
                candidates.Add(user);
            else
                skipped.Add(new SkippedRow(row.Id, ImportReport.UserKind, row.Username, reason));
        }

        var names = candidates.Select(u => u.NormalizedUserName!).Distinct().ToList();
        var numbers = candidates.Select(u => u.PhoneNumber!).Distinct().ToList();
        var takenNames = (await db.Users.Where(u => names.Contains(u.NormalizedUserName!)).Select(u => u.NormalizedUserName!).ToListAsync(cancellationToken)).ToHashSet();
        var takenPhones = (await db.Users.Where(u => numbers.Contains(u.PhoneNumber!)).Select(u => u.PhoneNumber!).ToListAsync(cancellationToken)).ToHashSet();

        var accepted = new List<object>();
        foreach (var user in candidates)
        {
            // Add, not Contains: the first of two rows with one name or phone (the lower id) claims it for the batch.
            if (!takenNames.Add(user.NormalizedUserName!))
                skipped.Add(new SkippedRow(user.LegacyId!.Value, ImportReport.UserKind, user.UserName, SkipReason.UsernameTaken));
            else if (!takenPhones.Add(user.PhoneNumber!))
                skipped.Add(new SkippedRow(user.LegacyId!.Value, ImportReport.UserKind, user.UserName, SkipReason.PhoneTaken));
            else
                accepted.Add(user);
        }
        return new Batch(accepted, [.. skipped.OrderBy(s => s.LegacyId)], presentIds.Count);
    }

    /// <summary>The Dashop account for a dadashop row, or null and the reason it cannot be one.</summary>
    private DashopUser? Map(DadashopUserRow row, out SkipReason reason)
    {
        reason = default;
        if (phones.ToE164(row.Phone) is not { } phone)
        {
            reason = SkipReason.InvalidPhone;
            return null;
        }
        if (rules.UsernameError(row.Username, existing: true) is not null && !IsOwnPhone(row.Username, phone))
        {
            reason = SkipReason.InvalidUsername;
            return null;
        }
        var email = row.Email?.Trim();
        if (AccountRules.EmailError(email) is not null)
        {
            reason = SkipReason.InvalidEmail;
            return null;
        }
        if (LegacyAwarePasswordHasher.ToLegacyHash(row.Password) is not { } hash)
        {
            reason = SkipReason.InvalidPasswordHash;
            return null;
        }

        return accounts.ShapeImported(new ImportedAccount(row.Id, row.Username!, hash, phone, email, row.IsActive, FromChinaTime(row.CreatedTime)));
    }

    /// <summary>Many tutorial users chose their phone number as username: the product's rules refuse all-digit names, but this one is theirs.</summary>
    private bool IsOwnPhone(string? username, string phoneE164) =>
        username is { Length: > 0 } && username.All(char.IsAsciiDigit) && phones.ToE164(username) == phoneE164;

    private async Task<Batch> PrepareWeiboProfilesAsync(List<DadashopWeiboRow> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => (long?)r.Id).ToList();
        var presentIds = (await Links.Where(w => w.Provider == WeiboProvider && ids.Contains(w.LegacyId)).Select(w => w.LegacyId!.Value).ToListAsync(cancellationToken)).ToHashSet();
        var pending = rows.Where(r => !presentIds.Contains(r.Id)).ToList();

        var legacyUsers = pending.Where(r => r.UserProfileId is not null).Select(r => r.UserProfileId).Distinct().ToList();
        var users = await db.Users.Where(u => legacyUsers.Contains(u.LegacyId)).Select(u => new { LegacyId = u.LegacyId!.Value, u.Id })
            .ToDictionaryAsync(u => u.LegacyId, u => u.Id, cancellationToken);
        var wuids = pending.Select(r => r.Wuid ?? "").Distinct().ToList();
        var takenWuids = (await Links.Where(w => w.Provider == WeiboProvider && wuids.Contains(w.Subject)).Select(w => w.Subject).ToListAsync(cancellationToken)).ToHashSet();
        var userIds = users.Values.Select(id => (string?)id).ToList();
        var linkedUsers = (await Links.Where(w => w.Provider == WeiboProvider && userIds.Contains(w.UserId)).Select(w => w.UserId!).ToListAsync(cancellationToken)).ToHashSet();

        var skipped = new List<SkippedRow>();
        var accepted = new List<object>();
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var row in pending)
        {
            string? userId = null;
            SkipReason? reason = null;
            if (row.UserProfileId is { } legacyUser && !users.TryGetValue(legacyUser, out userId))
                reason = SkipReason.WeiboWithoutUser;
            else if (string.IsNullOrWhiteSpace(row.Wuid) || row.Wuid.Length > WeiboUidMaxLength)
                reason = SkipReason.InvalidWuid;
            else if (!takenWuids.Add(row.Wuid))
                reason = SkipReason.WeiboUidTaken;
            else if (userId is not null && !linkedUsers.Add(userId))
                reason = SkipReason.UserAlreadyHasWeibo;
            if (reason is { } why)
            {
                skipped.Add(new SkippedRow(row.Id, ImportReport.WeiboKind, row.Wuid, why));
                continue;
            }

            var updated = FromChinaTime(row.UpdatedTime);
            accepted.Add(new ExternalAccount
            {
                LegacyId = row.Id,
                Provider = WeiboProvider,
                Subject = row.Wuid!,
                UserId = userId,
                ProtectedAccessToken = _tokens.Protect(row.AccessToken ?? ""),
                // dadashop kept no expiry: count the token as expired; the next Weibo login stores a fresh one.
                AccessTokenExpiresAtUtc = now,
                CreatedAtUtc = FromChinaTime(row.CreatedTime),
                UpdatedAtUtc = updated,
                BoundAtUtc = userId is null ? null : updated,
            });
        }
        return new Batch(accepted, skipped, presentIds.Count);
    }

    private static DateTime FromChinaTime(DateTime local) =>
        DateTime.SpecifyKind(DateTime.SpecifyKind(local, DateTimeKind.Unspecified) - ChinaTime.Offset, DateTimeKind.Utc);

    [LoggerMessage(Level = LogLevel.Information, Message = "import-dadashop finished (dry run: {DryRun}): {Users} users and {Weibo} Weibo profiles imported, {Present} present, {Skipped} skipped")]
    private static partial void LogFinished(ILogger logger, bool dryRun, int users, int weibo, int present, int skipped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "import-dadashop: a batch hit a unique key on attempt {Attempt} ({Error}); checking it again")]
    private static partial void LogBatchRetried(ILogger logger, int attempt, string error);
}

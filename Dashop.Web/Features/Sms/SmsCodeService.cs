using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dashop.Contracts;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Caching;
using Dashop.Web.Infrastructure.Messaging;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Infrastructure.Telemetry;
using MassTransit;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.Sms;

/// <summary>
/// Issues and checks SMS verification codes (spec §5). Codes are kept only as an HMAC of phone and code in
/// <see cref="IDistributedCache"/>; the rules that must hold under concurrency go through <see cref="IAtomicStore"/>.
/// </summary>
public sealed partial class SmsCodeService(
    IDistributedCache cache,
    IAtomicStore atomic,
    IPublishEndpoint publisher,
    PhoneNumberParser phones,
    AppSecrets secrets,
    IOptions<SmsOptions> options,
    TimeProvider time,
    DashopMetrics metrics,
    ILogger<SmsCodeService> logger)
{
    private readonly SmsOptions _options = options.Value;

    public async Task<SmsIssueResult> IssueAsync(string? rawPhone, string? clientIp, CancellationToken cancellationToken = default) =>
        Counted(await IssueUncountedAsync(rawPhone, clientIp, cancellationToken));

    private SmsIssueResult Counted(SmsIssueResult result)
    {
        if (result.Outcome == SmsIssueOutcome.Accepted)
            metrics.SmsCodeIssued();
        else
            metrics.SmsCodeRefused(result.Outcome switch
            {
                SmsIssueOutcome.Cooldown => "cooldown",
                SmsIssueOutcome.InvalidPhone => "invalid_phone",
                SmsIssueOutcome.RateLimited => "rate_limited",
                _ => "unavailable",
            });
        return result;
    }

    private async Task<SmsIssueResult> IssueUncountedAsync(string? rawPhone, string? clientIp, CancellationToken cancellationToken)
    {
        var phone = phones.ToE164(rawPhone);
        if (phone is null)
            return new SmsIssueResult(SmsIssueOutcome.InvalidPhone);

        var now = time.GetUtcNow();
        var chinaNow = now.ToChinaTime();
        var quotas = new List<Quota>(2)
        {
            new($"sms:day:{phone}:{chinaNow:yyyyMMdd}", _options.MaxPerPhonePerDay, TimeSpan.FromDays(1) + TimeSpan.FromHours(1)),
        };
        if (!string.IsNullOrEmpty(clientIp))
            quotas.Add(new Quota($"sms:ip:{clientIp}:{chinaNow:yyyyMMddHH}", _options.MaxPerIpPerHour, TimeSpan.FromHours(1) + TimeSpan.FromMinutes(5)));

        ClaimResult claim;
        try
        {
            claim = await atomic.TryClaimAsync(CooldownKey(phone), _options.ResendCooldown, quotas, [AttemptsKey(phone)]);
        }
        catch (Exception ex) when (StoreFailure.Is(ex))
        {
            LogStoreUnavailable(logger, ex.GetType().Name);
            return new SmsIssueResult(SmsIssueOutcome.Unavailable);
        }

        if (claim.Outcome == ClaimOutcome.AlreadyClaimed)
            return new SmsIssueResult(SmsIssueOutcome.Cooldown, CooldownSeconds: _options.ResendCooldownSeconds);
        if (claim.Outcome == ClaimOutcome.QuotaExceeded)
        {
            LogRateLimited(logger, PhoneNumberParser.Mask(phone), claim.ExceededQuota == 0 ? "phone per day" : "IP per hour");
            return new SmsIssueResult(SmsIssueOutcome.RateLimited);
        }

        var code = NewCode(_options.CodeLength);
        var expiresAt = now + _options.CodeTtl;
        var deliveryId = NewId.NextGuid();
        try
        {
            await cache.SetAsync(CodeKey(phone), EncodeRecord(phone, code, expiresAt),
                new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = _options.CodeTtl }, cancellationToken);
            var minutes = (int)Math.Ceiling(_options.CodeTtl.TotalMinutes);
            await publisher.Publish(new SendSmsCode(deliveryId, phone, code, minutes, expiresAt.UtcDateTime), cancellationToken);
        }
        catch (Exception ex) when (StoreFailure.Is(ex) || MessagingFailure.Is(ex))
        {
            LogIssueFailed(logger, PhoneNumberParser.Mask(phone), ex.GetType().Name);
            await TryReleaseAsync(phone);
            return new SmsIssueResult(SmsIssueOutcome.Unavailable);
        }

        LogIssued(logger, PhoneNumberParser.Mask(phone), deliveryId);
        return new SmsIssueResult(SmsIssueOutcome.Accepted, deliveryId, _options.ResendCooldownSeconds);
    }

    /// <summary>
    /// Checks a code. Every check counts against the code's attempts before it is compared, so at most
    /// <see cref="SmsOptions.MaxVerifyAttempts"/> guesses are ever evaluated; then the code is void.
    /// </summary>
    public async Task<SmsVerifyOutcome> VerifyAsync(string phoneE164, string? code, CancellationToken cancellationToken = default)
    {
        try
        {
            var record = await cache.GetAsync(CodeKey(phoneE164), cancellationToken);
            if (record is not { Length: RecordLength } || DecodeExpiry(record) <= time.GetUtcNow())
                return SmsVerifyOutcome.Missing;

            var attempts = await atomic.IncrementAsync(AttemptsKey(phoneE164), _options.CodeTtl);
            if (attempts > _options.MaxVerifyAttempts)
            {
                await cache.RemoveAsync(CodeKey(phoneE164), cancellationToken);
                return SmsVerifyOutcome.TooManyAttempts;
            }

            if (string.IsNullOrEmpty(code) || code.Length > 16)
                return SmsVerifyOutcome.Wrong;
            var expected = record.AsSpan(8);
            var actual = Hash(phoneE164, code);
            return CryptographicOperations.FixedTimeEquals(expected, actual) ? SmsVerifyOutcome.Valid : SmsVerifyOutcome.Wrong;
        }
        catch (Exception ex) when (StoreFailure.Is(ex))
        {
            LogStoreUnavailable(logger, ex.GetType().Name);
            return SmsVerifyOutcome.Unavailable;
        }
    }

    /// <summary>A code is used up by the registration or bind that it proved.</summary>
    public async Task ConsumeAsync(string phoneE164, CancellationToken cancellationToken = default)
    {
        try
        {
            await cache.RemoveAsync(CodeKey(phoneE164), cancellationToken);
            await atomic.DeleteAsync(AttemptsKey(phoneE164));
        }
        catch (Exception ex) when (StoreFailure.Is(ex))
        {
            // The account exists already; the code expires on its own within its TTL.
            LogStoreUnavailable(logger, ex.GetType().Name);
        }
    }

    /// <summary>After a send failed for good, the person may ask again at once.</summary>
    public async Task ReleaseAsync(string phoneE164)
    {
        await atomic.DeleteAsync(CooldownKey(phoneE164));
        await cache.RemoveAsync(CodeKey(phoneE164));
    }

    /// <summary>
    /// A uniformly random code of <paramref name="length"/> digits from one draw of the cryptographic source (one call
    /// instead of one a digit, which was a few percent of a request's CPU). A 64-bit draw in the incomplete top range
    /// is drawn again, so that every code is equally likely.
    /// </summary>
    internal static string NewCode(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 18);
        var range = 1UL;
        for (var i = 0; i < length; i++)
            range *= 10;
        var remainder = (ulong.MaxValue % range + 1) % range; // 2^64 mod range
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        ulong value;
        do
        {
            RandomNumberGenerator.Fill(bytes);
            value = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        }
        while (value > ulong.MaxValue - remainder);
        return (value % range).ToString(CultureInfo.InvariantCulture).PadLeft(length, '0');
    }

    private const int RecordLength = 8 + 32;

    private byte[] EncodeRecord(string phone, string code, DateTimeOffset expiresAt)
    {
        var record = new byte[RecordLength];
        BinaryPrimitives.WriteInt64BigEndian(record, expiresAt.UtcTicks);
        Hash(phone, code).CopyTo(record, 8);
        return record;
    }

    private static DateTimeOffset DecodeExpiry(byte[] record) =>
        new(BinaryPrimitives.ReadInt64BigEndian(record), TimeSpan.Zero);

    private byte[] Hash(string phone, string code) =>
        HMACSHA256.HashData(HashKey, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{phone}:{code}")));

    private byte[] HashKey => field ??= secrets.DeriveKey("sms-code");

    private async Task TryReleaseAsync(string phone)
    {
        try
        {
            await ReleaseAsync(phone);
        }
        catch (Exception ex) when (StoreFailure.Is(ex))
        {
            LogStoreUnavailable(logger, ex.GetType().Name);
        }
    }

    private static string CodeKey(string phone) => $"sms:code:{phone}";
    private static string CooldownKey(string phone) => $"sms:cooldown:{phone}";
    private static string AttemptsKey(string phone) => $"sms:attempts:{phone}";

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS code issued for {Phone}, delivery {DeliveryId}")]
    private static partial void LogIssued(ILogger logger, string phone, Guid deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMS code refused for {Phone}: {Limit} limit reached")]
    private static partial void LogRateLimited(ILogger logger, string phone, string limit);

    [LoggerMessage(Level = LogLevel.Error, Message = "SMS code for {Phone} could not be issued ({Error})")]
    private static partial void LogIssueFailed(ILogger logger, string phone, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The code store is unavailable ({Error})")]
    private static partial void LogStoreUnavailable(ILogger logger, string error);
}

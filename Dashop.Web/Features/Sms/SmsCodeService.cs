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
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.Sms;

/// <summary>
/// Issues and checks SMS verification codes (spec §5, §11). A code is kept only as an HMAC of phone, purpose and code in
/// <see cref="IDistributedCache"/>, beside the id of the delivery that carries it; the rules that must hold under
/// concurrency go through <see cref="IAtomicStore"/>. One cooldown per phone covers every purpose.
/// </summary>
public sealed partial class SmsCodeService(
    IDistributedCache cache,
    IAtomicStore atomic,
    IPublishEndpoint publisher,
    MessageProtection protection,
    PhoneNumberParser phones,
    SmsSiteQuota siteQuota,
    IServiceProvider services,
    KnownDevices devices,
    AppSecrets secrets,
    IOptions<SmsOptions> options,
    IOptions<RonglianOptions> ronglian,
    TimeProvider time,
    DashopMetrics metrics,
    ILogger<SmsCodeService> logger)
{
    private readonly SmsOptions _options = options.Value;

    /// <summary>The Data Protection purpose of <see cref="SendSmsCode.ProtectedCode"/>.</summary>
    public const string MessageProtectionPurpose = "sms-code";

    /// <summary>
    /// Issues a code. <paramref name="device"/> is the requester's known-device token (<see cref="KnownDevices"/>): when
    /// it names the account that has the phone, the request may use the reserve that strangers cannot. Why not:
    /// <see cref="Failure.Invalid"/> (not a mobile an SMS may reach), <see cref="Failure.Limited"/> (with
    /// <see cref="Result{T}.RetryAfter"/>: the phone's cooldown; without: a cap of the phone or the network),
    /// <see cref="Failure.Unavailable"/> (the store or the bus, or the site's hourly cap).
    /// </summary>
    public async Task<Result<SmsIssued>> IssueAsync(string? rawPhone, string? clientIp, SmsPurpose purpose = SmsPurpose.Register,
        string? device = null, CancellationToken cancellationToken = default) =>
        Counted(await IssueUncountedAsync(rawPhone, clientIp, purpose, device, cancellationToken));

    private Result<SmsIssued> Counted(Result<SmsIssued> result)
    {
        if (result.Succeeded)
            metrics.SmsCodeIssued();
        else
            metrics.SmsCodeRefused(result.Failure switch
            {
                Failure.Limited when result.RetryAfter is not null => "cooldown",
                Failure.Invalid => "invalid_phone",
                Failure.Limited => "rate_limited",
                _ => "unavailable",
            });
        return result;
    }

    private static readonly Result InvalidPhone = Result.Invalid(AccountFields.Phone.Name, SmsMessages.InvalidPhone);
    private static readonly Result Unavailable = Result.Fail(Failure.Unavailable);
    private static readonly Result CodeWrong = Result.Fail(Failure.Wrong);
    private static readonly Result CodeMissing = Result.Fail(Failure.Expired);
    private static readonly Result CodeLockedOut = Result.Fail(Failure.LockedOut);
    private static readonly Result TooManyRequests = Result.Limited(null, new FieldError(AccountFields.Phone.Name, SmsMessages.TooManyRequests));

    private async Task<Result<SmsIssued>> IssueUncountedAsync(string? rawPhone, string? clientIp, SmsPurpose purpose, string? device,
        CancellationToken cancellationToken)
    {
        var phone = phones.ToSmsRecipient(rawPhone);
        if (phone is null)
            return InvalidPhone;

        var now = time.GetUtcNow();
        var chinaNow = now.ToChinaTime();
        // The site's hourly cap is only checked here: the consumer counts it when an SMS is really sent.
        var site = siteQuota.CheckFor(now);
        var knownDevice = await IsKnownDeviceAsync(phone, device, cancellationToken);
        var dailyLimit = knownDevice ? _options.MaxPerPhonePerDay : _options.MaxPerPhonePerDay - _options.KnownDeviceReservePerDay;
        var quotas = new List<Quota>(3)
        {
            new($"sms:day:{{{phone}}}:{Budget(purpose)}:{chinaNow:yyyyMMdd}", dailyLimit, TimeSpan.FromDays(1) + TimeSpan.FromHours(1)),
        };
        if (!string.IsNullOrEmpty(clientIp))
            quotas.Add(new Quota($"sms:ip:{clientIp}:{chinaNow:yyyyMMddHH}", _options.MaxPerIpPerHour, TimeSpan.FromHours(1) + TimeSpan.FromMinutes(5)));
        quotas.Add(site);

        // The cooldown is held by the delivery it was taken for: a late failure of that delivery releases only its own.
        // The order of the quotas is the order of the steps on a Redis Cluster: the phone's (its own slot, with the
        // cooldown), then the IP's, then the site's (docs/decisions/0010-redis-cluster-hash-tags.md).
        var deliveryId = NewId.NextGuid();
        ClaimResult claim;
        try
        {
            claim = await atomic.TryClaimAsync(CooldownKey(phone), _options.ResendCooldown, quotas, [AttemptsKey(phone)], Owner(deliveryId));
        }
        catch (Exception ex) when (StoreExceptions.Is(ex))
        {
            LogStoreUnavailable(logger, ex.GetType().Name);
            return Unavailable;
        }

        if (claim.Outcome == ClaimOutcome.AlreadyClaimed)
            return Result.Limited(_options.ResendCooldown, new FieldError(AccountFields.Phone.Name, SmsMessages.Cooldown));
        if (claim.Outcome == ClaimOutcome.QuotaExceeded && quotas[claim.ExceededQuota] == site)
        {
            LogRateLimited(logger, Masking.Phone(phone), "site per hour (Sms:MaxPerHour)");
            await siteQuota.MarkReachedAsync(now);
            return Unavailable;
        }
        if (claim.Outcome == ClaimOutcome.QuotaExceeded)
        {
            LogRateLimited(logger, Masking.Phone(phone), claim.ExceededQuota == 0 ? "phone per day" : "IP per hour");
            return TooManyRequests;
        }

        var code = NewCode(_options.CodeLength);
        var expiresAt = now + _options.CodeTtl;
        try
        {
            await cache.SetAsync(CodeKey(phone), EncodeRecord(phone, purpose, code, expiresAt, deliveryId),
                new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = _options.CodeTtl }, cancellationToken);
            var minutes = (int)Math.Ceiling(_options.CodeTtl.TotalMinutes);
            var protectedCode = protection.Protect(MessageProtectionPurpose, code, expiresAt);
            await publisher.Publish(new SendSmsCode(deliveryId, phone, protectedCode, minutes, expiresAt.UtcDateTime, purpose.Name()), cancellationToken);
        }
        catch (Exception ex) when (StoreExceptions.Is(ex) || MessagingExceptions.Is(ex))
        {
            LogIssueFailed(logger, Masking.Phone(phone), ex.GetType().Name);
            await TryReleaseAsync(phone, deliveryId);
            return Unavailable;
        }

        LogIssued(logger, Masking.Phone(phone), deliveryId);
        return new SmsIssued(deliveryId, _options.ResendCooldownSeconds);
    }

    /// <summary>
    /// The daily budget a purpose's codes count against: its Ronglian template, since the provider caps each template
    /// per phone and purposes sharing one share that cap; with another provider, the purpose itself. Other purposes
    /// then cannot use up the login codes whenever login has a template of its own.
    /// </summary>
    private string Budget(SmsPurpose purpose) =>
        _options.Provider == SmsProvider.Ronglian && ronglian.Value.TemplateFor(purpose) is { Length: > 0 } template
            ? "t" + template
            : purpose.Name();

    private async Task<bool> IsKnownDeviceAsync(string phone, string? device, CancellationToken cancellationToken) =>
        // The directory (a DbContext) is resolved only for a request that brings a device token: the busiest call stays light.
        devices.Read(device) is { } known
        && await services.GetRequiredService<ISmsAccountDirectory>().IsPhoneOfAsync(phone, known.UserId, cancellationToken);

    /// <summary>
    /// Checks a code. Every check counts against the code's attempts before it is compared, so at most
    /// <see cref="SmsOptions.MaxVerifyAttempts"/> guesses are ever evaluated; then the code is void. Why not:
    /// <see cref="Failure.Wrong"/>, <see cref="Failure.Expired"/> (no code, or it expired or was used up),
    /// <see cref="Failure.LockedOut"/> (its attempts are used up: it is void now), <see cref="Failure.Unavailable"/>.
    /// </summary>
    public async Task<Result> VerifyAsync(string phoneE164, string? code, SmsPurpose purpose = SmsPurpose.Register,
        CancellationToken cancellationToken = default)
    {
        try
        {
            var record = await cache.GetAsync(CodeKey(phoneE164), cancellationToken);
            if (record is not { Length: RecordLength } || DecodeExpiry(record) <= time.GetUtcNow())
                return CodeMissing;

            var attempts = await atomic.IncrementAsync(AttemptsKey(phoneE164), _options.CodeTtl);
            if (attempts > _options.MaxVerifyAttempts)
            {
                await cache.RemoveAsync(CodeKey(phoneE164), cancellationToken);
                return CodeLockedOut;
            }

            if (string.IsNullOrEmpty(code) || code.Length > 16)
                return CodeWrong;
            var expected = record.AsSpan(HashOffset, HashLength);
            var actual = Hash(phoneE164, purpose, code);
            return CryptographicOperations.FixedTimeEquals(expected, actual) ? Result.Ok : CodeWrong;
        }
        catch (Exception ex) when (StoreExceptions.Is(ex))
        {
            LogStoreUnavailable(logger, ex.GetType().Name);
            return Unavailable;
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
        catch (Exception ex) when (StoreExceptions.Is(ex))
        {
            // The account exists already; the code expires on its own within its TTL.
            LogStoreUnavailable(logger, ex.GetType().Name);
        }
    }

    /// <summary>
    /// After a send failed for good, the person may ask again at once: the code and the cooldown that
    /// <paramref name="deliveryId"/> was sent for are released, and nothing newer. The code is removed only while it is
    /// that delivery's (no newer code can be issued while its cooldown is held), then the cooldown is deleted only while
    /// that delivery holds it (an atomic compare-and-delete).
    /// </summary>
    public async Task ReleaseAsync(string phoneE164, Guid deliveryId, CancellationToken cancellationToken = default)
    {
        var record = await cache.GetAsync(CodeKey(phoneE164), cancellationToken);
        if (record is { Length: RecordLength } && DecodeDeliveryId(record) == deliveryId)
            await cache.RemoveAsync(CodeKey(phoneE164), cancellationToken);
        await atomic.ReleaseClaimAsync(CooldownKey(phoneE164), Owner(deliveryId));
    }

    /// <summary>The code a <see cref="SendSmsCode"/> carries, or null when it was not made here or has expired.</summary>
    public string? ReadCode(SendSmsCode message) => protection.Unprotect(MessageProtectionPurpose, message.ProtectedCode);

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

    // A code record: its expiry (8 bytes), the delivery that carries it (16), the HMAC of phone, purpose and code (32).
    private const int DeliveryOffset = 8;
    private const int HashOffset = DeliveryOffset + 16;
    private const int HashLength = 32;
    private const int RecordLength = HashOffset + HashLength;

    private byte[] EncodeRecord(string phone, SmsPurpose purpose, string code, DateTimeOffset expiresAt, Guid deliveryId)
    {
        var record = new byte[RecordLength];
        BinaryPrimitives.WriteInt64BigEndian(record, expiresAt.UtcTicks);
        deliveryId.TryWriteBytes(record.AsSpan(DeliveryOffset, 16));
        Hash(phone, purpose, code).CopyTo(record, HashOffset);
        return record;
    }

    private static DateTimeOffset DecodeExpiry(byte[] record) =>
        new(BinaryPrimitives.ReadInt64BigEndian(record), TimeSpan.Zero);

    private static Guid DecodeDeliveryId(byte[] record) => new(record.AsSpan(DeliveryOffset, 16));

    private byte[] Hash(string phone, SmsPurpose purpose, string code) =>
        HMACSHA256.HashData(HashKey, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{phone}:{purpose.Name()}:{code}")));

    private byte[] HashKey => field ??= secrets.DeriveKey("sms-code");

    private static string Owner(Guid deliveryId) => deliveryId.ToString("N");

    private async Task TryReleaseAsync(string phone, Guid deliveryId)
    {
        try
        {
            await ReleaseAsync(phone, deliveryId);
        }
        catch (Exception ex) when (StoreExceptions.Is(ex))
        {
            LogStoreUnavailable(logger, ex.GetType().Name);
        }
    }

    // A phone's keys share the hash tag {phone}: on a Redis Cluster its cooldown and daily count are claimed in one step.
    private static string CodeKey(string phone) => $"sms:code:{{{phone}}}";
    private static string CooldownKey(string phone) => $"sms:cooldown:{{{phone}}}";
    private static string AttemptsKey(string phone) => $"sms:attempts:{{{phone}}}";

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS code issued for {Phone}, delivery {DeliveryId}")]
    private static partial void LogIssued(ILogger logger, string phone, Guid deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMS code refused for {Phone}: {Limit} limit reached")]
    private static partial void LogRateLimited(ILogger logger, string phone, string limit);

    [LoggerMessage(Level = LogLevel.Error, Message = "SMS code for {Phone} could not be issued ({Error})")]
    private static partial void LogIssueFailed(ILogger logger, string phone, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The code store is unavailable ({Error})")]
    private static partial void LogStoreUnavailable(ILogger logger, string error);
}

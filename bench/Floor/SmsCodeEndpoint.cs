using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using MassTransit;

namespace Dashop.Bench.Floor;

/// <summary>The message: the code sealed, never in clear on the bus.</summary>
public sealed record SendCode(Guid DeliveryId, string Phone, string SealedCode, int ValidMinutes, DateTime ExpiresAt);

public static class SmsCodeEndpoint
{
    private static readonly byte[] RecordKey = RandomNumberGenerator.GetBytes(32);

    public static async Task<IResult> IssueAsync(PhoneBody body, HttpContext http, IClaimStore store, CodeSeal seal, Backlog backlog,
        IPublishEndpoint publisher, FloorOptions options, TimeProvider time)
    {
        var phone = body.Phone;
        if (phone is not { Length: 11 } || phone[0] != '1' || !phone.All(char.IsAsciiDigit))
            return Results.Json(new Answer(10100, "invalid phone", null), FloorJson.Default.Answer);

        var now = time.GetUtcNow();
        var deliveryId = NewId.NextGuid();
        var clientIp = http.Connection.RemoteIpAddress?.ToString() ?? "-";
        var claim = await store.ClaimAsync(phone, clientIp, deliveryId.ToString("N"), now.ToOffset(TimeSpan.FromHours(8)), options.CooldownSeconds);
        if (claim == -1)
            return Results.Json(new Answer(10111, "wait", options.CooldownSeconds), FloorJson.Default.Answer);
        if (claim > 0)
            return Results.Json(new Answer(10112, "too many", null), FloorJson.Default.Answer);

        var code = (RandomNumberGenerator.GetInt32(1_000_000)).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var expiresAt = now.AddSeconds(options.CodeTtlSeconds);
        var record = new byte[32 + 8 + 16];
        HMACSHA256.HashData(RecordKey, Encoding.UTF8.GetBytes(phone + "|register|" + code), record);
        BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(32), expiresAt.ToUnixTimeMilliseconds());
        deliveryId.TryWriteBytes(record.AsSpan(40));
        await store.StoreCodeAsync(phone, record, options.CodeTtlSeconds);

        var message = new SendCode(deliveryId, phone, seal.Seal(code, expiresAt), options.CodeTtlSeconds / 60, expiresAt.UtcDateTime);
        if (options.Bus == "memory" && !await backlog.EnterAsync(http.RequestAborted))
            return Results.Json(new Answer(10110, "busy", null), FloorJson.Default.Answer);
        await publisher.Publish(message, http.RequestAborted);
        return Results.Json(new Answer(200, "ok", options.CooldownSeconds), FloorJson.Default.Answer);
    }
}

/// <summary>The in-memory bus's bounded backlog: a place before publishing, given back when a consumer takes the message.</summary>
public sealed class Backlog(int limit) : IDisposable
{
    private readonly SemaphoreSlim _places = new(limit, limit);

    public Task<bool> EnterAsync(CancellationToken cancellationToken) => _places.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);

    public void Leave() => _places.Release();

    public void Dispose() => _places.Dispose();
}

/// <summary>AES-GCM with one key (an AesGcm per thread: an instance is not thread-safe): nonce (12) | tag (16) | ciphertext of "code|expiry".</summary>
public sealed class CodeSeal : IDisposable
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ThreadLocal<AesGcm> _aesByThread;

    public CodeSeal() => _aesByThread = new ThreadLocal<AesGcm>(() => new AesGcm(_key, 16));

    private AesGcm _aes => _aesByThread.Value!;

    public void Dispose() => _aesByThread.Dispose();

    public string Seal(string code, DateTimeOffset expiresAt)
    {
        var plain = Encoding.UTF8.GetBytes(code + "|" + expiresAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var output = new byte[12 + 16 + plain.Length];
        RandomNumberGenerator.Fill(output.AsSpan(0, 12));
        _aes.Encrypt(output.AsSpan(0, 12), plain, output.AsSpan(28), output.AsSpan(12, 16));
        return Convert.ToBase64String(output);
    }

    public string? Open(string sealedCode, DateTimeOffset now)
    {
        var input = Convert.FromBase64String(sealedCode);
        var plain = new byte[input.Length - 28];
        try
        {
            _aes.Decrypt(input.AsSpan(0, 12), input.AsSpan(28), input.AsSpan(12, 16), plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        var text = Encoding.UTF8.GetString(plain);
        var bar = text.IndexOf('|', StringComparison.Ordinal);
        return long.Parse(text.AsSpan(bar + 1), System.Globalization.CultureInfo.InvariantCulture) > now.ToUnixTimeSeconds() ? text[..bar] : null;
    }
}

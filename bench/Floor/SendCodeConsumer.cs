using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MassTransit;

namespace Dashop.Bench.Floor;

/// <summary>Opens the code, sends it to the provider, writes the delivery row (awaited: the message is acknowledged after it).</summary>
public sealed class SendCodeConsumer(CodeSeal seal, ProviderClient provider, DeliveryRows rows, Backlog backlog, FloorOptions options, TimeProvider time)
    : IConsumer<SendCode>
{
    public async Task Consume(ConsumeContext<SendCode> context)
    {
        if (options.Bus == "memory" && context.GetRetryAttempt() == 0 && context.GetRedeliveryCount() == 0)
            backlog.Leave();
        var m = context.Message;
        var now = time.GetUtcNow();
        var code = seal.Open(m.SealedCode, now);
        var (status, providerId) = code is null ? ("expired", null) : await provider.SendAsync(m.Phone, code, m.ValidMinutes, m.DeliveryId, now, context.CancellationToken);
        await rows.WriteAsync(new DeliveryRow(m.DeliveryId, m.Phone, status, providerId, now));
    }
}

public sealed class SendCodeConsumerDefinition : ConsumerDefinition<SendCodeConsumer>
{
    public SendCodeConsumerDefinition() => ConcurrentMessageLimit = 256;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<SendCodeConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = 256;
        endpointConfigurator.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(400)));
    }
}

/// <summary>Ronglian's TemplateSMS call: sig = MD5(sid + token + China time), Authorization = base64(sid:time).</summary>
public sealed class ProviderClient(HttpClient http, FloorOptions options)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public async Task<(string Status, string? ProviderId)> SendAsync(string phone, string code, int minutes, Guid deliveryId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var timestamp = now.ToOffset(TimeSpan.FromHours(8)).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
#pragma warning disable CA5351 // Ronglian's protocol prescribes MD5.
        var sig = Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(options.AccountSid + options.AuthToken + timestamp)));
#pragma warning restore CA5351
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/2013-12-26/Accounts/{options.AccountSid}/SMS/TemplateSMS?sig={sig}");
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.TryAddWithoutValidation("Authorization", Convert.ToBase64String(Encoding.UTF8.GetBytes(options.AccountSid + ":" + timestamp)));
        var body = new MemoryStream();
        using (var w = new Utf8JsonWriter(body))
        {
            w.WriteStartObject();
            w.WriteString("to", phone);
            w.WriteString("appId", options.AppId);
            w.WriteString("templateId", options.TemplateId);
            w.WriteStartArray("datas");
            w.WriteStringValue(code);
            w.WriteStringValue(minutes.ToString(CultureInfo.InvariantCulture));
            w.WriteEndArray();
            w.WriteString("reqId", deliveryId.ToString("N"));
            w.WriteEndObject();
        }
        request.Content = new ByteArrayContent(body.GetBuffer(), 0, (int)body.Length);
        request.Content.Headers.ContentType = Json;
        using var response = await http.SendAsync(request, cancellationToken);
        if ((int)response.StatusCode >= 500)
            throw new HttpRequestException($"provider answered {(int)response.StatusCode}"); // retried
        using var answer = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var status = answer.RootElement.TryGetProperty("statusCode", out var s) ? s.GetString() : null;
        string? sid = null;
        if (answer.RootElement.TryGetProperty("templateSMS", out var t) && t.TryGetProperty("smsMessageSid", out var id))
            sid = id.GetString();
        return (status == "000000" ? "sent" : "failed:" + status, sid);
    }
}

using System.Net;
using System.Text.Json;
using Dashop.Web.Infrastructure.Data;
using Microsoft.Extensions.Options;
using Dashop.Web.Features.Deliveries;

namespace Dashop.Web.Features.Sms;

/// <summary>Ronglian Cloud's TemplateSMS call (spec §7), as a typed client. It never retries a POST itself.</summary>
public sealed partial class RonglianSmsClient(HttpClient http, IOptions<RonglianOptions> options, TimeProvider time, ILogger<RonglianSmsClient> logger) : ISmsSender
{
    private readonly RonglianOptions _options = options.Value;

    public string Name => "Ronglian";

    public async Task<SendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        var signature = RonglianSignature.Create(_options.AccountSid, _options.AuthToken, time.GetUtcNow());
        var url = $"{_options.BaseUrl.TrimEnd('/')}/2013-12-26/Accounts/{Uri.EscapeDataString(_options.AccountSid)}/SMS/TemplateSMS?sig={signature.Sig}";
        var body = new TemplateSmsRequest(
            PhoneNumberParser.ForProvider(message.PhoneE164),
            _options.AppId,
            _options.TemplateFor(message.Purpose),
            [message.Code, message.ValidMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            message.DeliveryId.ToString("N"));

        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        request.Content = JsonContent.Create(body, RonglianJsonContext.Default.TemplateSmsRequest);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var error = ex is TaskCanceledException ? "timeout" : "connection error";
            return new SendResult(SendOutcome.Transient, ErrorCode: error, Error: ex.GetType().Name);
        }

        using (response)
        {
            if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
                return new SendResult(SendOutcome.Transient, ErrorCode: $"HTTP {(int)response.StatusCode}", Error: response.ReasonPhrase);

            TemplateSmsResponse? answer;
            try
            {
                answer = await response.Content.ReadFromJsonAsync(RonglianJsonContext.Default.TemplateSmsResponse, cancellationToken);
            }
            catch (JsonException)
            {
                answer = null;
            }
            if (answer?.StatusCode is not { Length: > 0 } statusCode)
            {
                LogUnreadable(logger, (int)response.StatusCode);
                return new SendResult(SendOutcome.Failed, ErrorCode: $"HTTP {(int)response.StatusCode}",
                    Error: "unreadable answer", Failure: DeliveryFailure.Configuration);
            }

            var result = RonglianStatus.Classify(statusCode, answer.StatusMsg, answer.TemplateSms?.SmsMessageSid, message.IsRetry);
            if (result.Failure == DeliveryFailure.Configuration)
                LogConfigurationError(logger, statusCode, answer.StatusMsg);
            return result;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Ronglian refused the request because of our configuration: {StatusCode} {StatusMsg}")]
    private static partial void LogConfigurationError(ILogger logger, string statusCode, string? statusMsg);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ronglian answered HTTP {Status} without a statusCode")]
    private static partial void LogUnreadable(ILogger logger, int status);
}

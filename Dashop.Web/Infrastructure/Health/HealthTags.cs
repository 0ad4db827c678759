namespace Dashop.Web.Infrastructure.Health;

/// <summary>Tags that decide which checks answer which question.</summary>
public static class HealthTags
{
    /// <summary>What an instance needs to serve requests: <c>/healthz/ready</c> runs only these.</summary>
    public const string Ready = "ready";

    /// <summary>Remote providers (SMS, SMTP, Weibo): shown on the admin page, never a reason to take an instance out.</summary>
    public const string Provider = "provider";
}

namespace Dashop.Web.Infrastructure.Web;

public static class HttpContextExtensions
{
    /// <summary>The caller's address for per-IP limits. Behind a proxy, enable forwarded headers so this is the client's.</summary>
    public static string ClientIp(this HttpContext context) =>
        context.Connection.RemoteIpAddress is { } ip
            ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString()
            : "unknown";
}

using System.Net;
using System.Net.Sockets;

namespace Dashop.Web.Infrastructure.Web;

public static class HttpContextExtensions
{
    /// <summary>
    /// The caller for per-IP caps and limiters: the IPv4 address, or the /64 network of an IPv6 address (one subscriber
    /// usually holds a whole /64, so counting single addresses would give it 2^64 budgets). Behind a proxy, enable
    /// forwarded headers so this is the client's.
    /// </summary>
    public static string ClientIp(this HttpContext context) =>
        context.Connection.RemoteIpAddress is { } ip ? LimitKey(ip) : "unknown";

    public static string LimitKey(IPAddress ip)
    {
        if (ip.IsIPv4MappedToIPv6)
            return ip.MapToIPv4().ToString();
        if (ip.AddressFamily != AddressFamily.InterNetworkV6)
            return ip.ToString();
        var bytes = ip.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}

namespace Dashop.Web.Features.WeiboLogin;

public enum WeiboFailure
{
    None,

    /// <summary>Weibo answered with an error (a used or invalid code, a refused token, a wrong client).</summary>
    Rejected,

    /// <summary>No usable answer: timeout, connection error, HTTP 5xx, service busy.</summary>
    Unavailable,
}

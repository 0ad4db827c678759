namespace Dashop.Web.Infrastructure.Web;

/// <summary>The failures that plumbing (exception handler, rate limiter) answers for every part of the site.</summary>
public enum RequestErrorKind
{
    /// <summary>The request could not be read (a body too large, in a broken charset, cut off): 400.</summary>
    BadRequest,

    /// <summary>A rate limit refused it: 429 for pages.</summary>
    TooManyRequests,

    /// <summary>Something failed on our side: 500.</summary>
    Unexpected,
}

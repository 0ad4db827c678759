using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.Activation;

/// <summary>The activation page: what the link does (or did, when <paramref name="Confirming"/>), and what its form posts back.</summary>
public sealed record ActivationPage(Result Link, bool Confirming, string? Uid, string? Token, int LinkDays)
{
    /// <summary>The page's state as its <c>data-outcome</c> names it: ready, confirmed, alreadyconfirmed or invalid.</summary>
    public string State => Link.Failure switch
    {
        null => Confirming ? "confirmed" : "ready",
        Failure.AlreadyDone => "alreadyconfirmed",
        _ => "invalid",
    };
}

namespace Dashop.Web.Infrastructure.Results;

/// <summary>
/// Why an action did not happen: the one meaning of "failure" in this code (a reason, never an exception or a text).
/// Every service answers a <see cref="Result"/> or <see cref="Result{T}"/> with one of these; a page or /v1 turns it into
/// its message or code at its own edge, and <see cref="Result.Errors"/> names the fields at fault.
/// </summary>
public enum Failure
{
    /// <summary>A field is not acceptable; <see cref="Result.Errors"/> names each one (by <c>AccountFields</c>' names).</summary>
    Invalid,
    /// <summary>The password or code is wrong, or nothing has it (the two are never told apart).</summary>
    Wrong,
    /// <summary>It belongs to another account: a username, a phone, a provider account.</summary>
    Taken,
    /// <summary>Refused without checking: too many failures (an account's lockout, a code's attempts used up).</summary>
    LockedOut,
    /// <summary>Too soon or too many (a cooldown, a cap); <see cref="Result.RetryAfter"/> says when, where known.</summary>
    Limited,
    /// <summary>The link, ticket, code or pending step is no longer valid: expired, used, or never issued.</summary>
    Expired,
    /// <summary>Nothing to do: it is so already (an address confirmed, an account already linked to that provider).</summary>
    AlreadyDone,
    /// <summary>The other side said no: a provider's error answer, a signature that does not verify, a caller's step in a transaction.</summary>
    Refused,
    /// <summary>The person said no at the provider (cancelled the consent).</summary>
    Denied,
    /// <summary>A <c>state</c> or token that was forged, altered, expired or used already (a replay).</summary>
    Forged,
    /// <summary>Every password-hashing slot stayed busy: nothing happened; try again in a moment.</summary>
    Busy,
    /// <summary>A store or a remote service did not answer (or answered what cannot be read): nothing happened; try again.</summary>
    Unavailable,
}

namespace Dashop.Web.Features.Registration;

/// <summary>
/// An account to create, its fields already checked (<see cref="AccountRules"/>) and its phone in E.164, with what is
/// done in the same transaction. An account made by SMS sign-up (spec §15) may have no password and no e-mail address:
/// its phone is its proof.
/// </summary>
public sealed record NewAccount(string Username, string? Password, string PhoneE164, string? Email)
{
    /// <summary>The operator vouches for the address (create-admin): no activation e-mail.</summary>
    public bool EmailConfirmed { get; init; }

    /// <summary>A role to add (create-admin's Admin); it must exist.</summary>
    public string? Role { get; init; }

    /// <summary>
    /// A step of the feature that asked for the account, run in the same transaction once the user row exists (the
    /// external-login bind links its provider account): when it answers false, nothing is created.
    /// </summary>
    public Func<Infrastructure.Data.DashopUser, CancellationToken, Task<bool>>? AlsoInTransaction { get; init; }

    /// <summary>The version of the terms the person agreed to at sign-up; null when an operator makes the account.</summary>
    public string? TermsVersion { get; init; }
}

namespace Dashop.Web.Features.Account;

/// <summary>The e-mail change link's page: the link's values, and whether the POST confirmed them (null before).</summary>
public sealed record EmailConfirmation(string? Uid, string? Email, string? Token, bool? Confirmed);

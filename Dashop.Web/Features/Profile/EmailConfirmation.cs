namespace Dashop.Web.Features.Profile;

/// <summary>The e-mail change link's page: the link's values, and whether the POST confirmed them (null before).</summary>
public sealed record EmailConfirmation(string? Uid, string? Email, string? Token, bool? Confirmed);

namespace Dashop.Web.Features.Import;

/// <summary>A row of dadashop's <c>user_user_profile</c>, as stored (times are China time, without an offset).</summary>
public sealed record DadashopUserRow(long Id, string? Username, string? Password, string? Email, string? Phone, bool IsActive, DateTime CreatedTime);

namespace Dashop.Web.Features.Import;

/// <summary>A row of dadashop's <c>user_weibo_profile</c>; <paramref name="UserProfileId"/> is null until the Weibo account was bound.</summary>
public sealed record DadashopWeiboRow(long Id, string? Wuid, string? AccessToken, long? UserProfileId, DateTime CreatedTime, DateTime UpdatedTime);

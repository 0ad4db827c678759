
namespace Dashop.Web.Features.Import;

/// <summary>Why a dadashop row was not imported (the JSON report writes these in snake_case).</summary>
public enum SkipReason
{
    InvalidUsername,
    InvalidPhone,
    InvalidEmail,
    InvalidPasswordHash,
    UsernameTaken,
    PhoneTaken,
    WeiboWithoutUser,
    InvalidWuid,
    WeiboUidTaken,
    UserAlreadyHasWeibo,
}

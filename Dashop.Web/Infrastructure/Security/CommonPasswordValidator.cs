using Dashop.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;

namespace Dashop.Web.Infrastructure.Security;

/// <summary>Refuses a common password wherever Identity checks a new one (registration, Weibo bind, create-admin, reset).</summary>
public sealed class CommonPasswordValidator : IPasswordValidator<DashopUser>
{
    public const string ErrorCode = "PasswordTooCommon";

    public Task<IdentityResult> ValidateAsync(UserManager<DashopUser> manager, DashopUser user, string? password) =>
        Task.FromResult(CommonPasswords.Contains(password)
            ? IdentityResult.Failed(new IdentityError { Code = ErrorCode, Description = CommonPasswords.Message })
            : IdentityResult.Success);
}

using Dashop.Web.Features.Activation;
using Dashop.Web.Infrastructure.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.PasswordReset;

/// <summary>
/// The reset link's token: the same TimeProvider-aware payload as the activation link, under its own Data Protection
/// purpose and lifetime. It carries the security stamp, which the reset changes: so a link works once.
/// </summary>
public sealed class PasswordResetTokenProvider(
    IDataProtectionProvider dataProtectionProvider,
    IOptions<PasswordResetOptions> options,
    ILogger<DataProtectorTokenProvider<DashopUser>> logger,
    TimeProvider time)
    : EmailConfirmationTokenProvider(dataProtectionProvider,
        Microsoft.Extensions.Options.Options.Create(new EmailConfirmationTokenProviderOptions { Name = ProviderName, TokenLifespan = options.Value.LinkLifetime }),
        logger, time)
{
    public new const string ProviderName = "DashopPasswordReset";
}

using Dashop.Web.Infrastructure.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.Activation;

/// <summary>Identity's data-protection token, with its own purpose and the seed's three-day lifespan.</summary>
public sealed class EmailConfirmationTokenProvider(
    IDataProtectionProvider dataProtectionProvider,
    IOptions<EmailConfirmationTokenProviderOptions> options,
    ILogger<DataProtectorTokenProvider<DashopUser>> logger)
    : DataProtectorTokenProvider<DashopUser>(dataProtectionProvider, options, logger)
{
    public const string ProviderName = "DashopEmailConfirmation";
}

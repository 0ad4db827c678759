using Microsoft.AspNetCore.Identity;

namespace Dashop.Web.Features.Activation;

public sealed class EmailConfirmationTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public EmailConfirmationTokenProviderOptions()
    {
        Name = EmailConfirmationTokenProvider.ProviderName;
        TokenLifespan = TimeSpan.FromDays(3);
    }
}

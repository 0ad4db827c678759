using Microsoft.Extensions.Options;

namespace Dashop.Web.Infrastructure;

public static class OptionsExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to its configuration section and validates it when the host starts, so that a
    /// wrong key stops the process with a message naming it. Chain further <c>Validate</c> calls on the result.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services, string sectionName)
        where TOptions : class =>
        services.AddOptions<TOptions>().BindConfiguration(sectionName).ValidateDataAnnotations().ValidateOnStart();

    /// <summary>The section as configured now, for choices made while services are registered (which implementation to use).</summary>
    public static TOptions Read<TOptions>(this IConfiguration configuration, string sectionName) where TOptions : class, new() =>
        configuration.GetSection(sectionName).Get<TOptions>() ?? new TOptions();
}

namespace Dashop.Web.Features.Admin;

/// <summary>The web app's command-line verbs: <c>dotnet run --project Dashop.Web -- create-admin --username NAME ...</c>.</summary>
public static class AdminCommands
{
    /// <summary>Runs the verb named by <paramref name="args"/>, if any, and returns its exit code; null when the args name none (start the site).</summary>
    public static async Task<int?> TryRunAsync(WebApplication app, string[] args)
    {
        if (args is not [CreateAdminCommand.Verb, ..])
            return null;

        await using var scope = app.Services.CreateAsyncScope();
        var command = scope.ServiceProvider.GetRequiredService<CreateAdminCommand>();
        return await command.RunAsync(args[1..], CommandConsole.System, app.Lifetime.ApplicationStopping);
    }
}

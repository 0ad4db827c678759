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

/// <summary>Where a command reads the password and writes its messages; tests pass their own.</summary>
public sealed record CommandConsole(Func<string?> ReadPassword, TextWriter Out, TextWriter Error, Func<string, string?> Environment)
{
    public static CommandConsole System { get; } = new(ReadPasswordFromConsole, Console.Out, Console.Error, global::System.Environment.GetEnvironmentVariable);

    /// <summary>One line of standard input; typed at a terminal, it is not echoed.</summary>
    private static string? ReadPasswordFromConsole()
    {
        if (Console.IsInputRedirected)
            return Console.In.ReadLine();

        Console.Error.Write("Password: ");
        var password = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
                break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                    password.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
        Console.Error.WriteLine();
        return password.ToString();
    }
}

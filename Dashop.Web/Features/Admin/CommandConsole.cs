namespace Dashop.Web.Features.Admin;

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

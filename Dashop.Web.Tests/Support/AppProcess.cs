using System.Diagnostics;

namespace Dashop.Web.Tests.Support;

/// <summary>The web app as its own process (<c>dotnet Dashop.Web.dll ...</c>), for the verbs: Development, embedded defaults, data in one folder.</summary>
public static class AppProcess
{
    public static Process Start(string dataPath, IEnumerable<string> args, Action<IDictionary<string, string?>>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Dashop.Web.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["App__DataPath"] = dataPath;
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["ConnectionStrings__Dashop"] = "";
        start.Environment["Sms__Provider"] = "DevInbox";
        start.Environment["Email__Provider"] = "DevInbox";
        start.Environment["ConnectionStrings__Redis"] = "";
        start.Environment["ConnectionStrings__RabbitMq"] = "";
        start.Environment["Security__PasswordHashIterations"] = DashopFactory.FastHashIterations;
        environment?.Invoke(start.Environment);
        return Process.Start(start)!;
    }

    /// <summary>Runs to the end (at most <paramref name="timeoutSeconds"/>), writing <paramref name="stdin"/> as one line first.</summary>
    public static async Task<(int Code, string Output, string Error)> RunAsync(string dataPath, IEnumerable<string> args, string? stdin = null,
        Action<IDictionary<string, string?>>? environment = null, int timeoutSeconds = 120)
    {
        using var process = Start(dataPath, args, environment);
        if (stdin is not null)
            await process.StandardInput.WriteLineAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}

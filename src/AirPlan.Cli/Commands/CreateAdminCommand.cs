using System.Text;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AirPlan.Cli.Commands;

/// <summary>
/// airplan create-admin --name USER [--display-name 姓名]: the first administrator of a production database, where no demo accounts
/// exist. The password is the operator's own, never printed: from AIRPLAN_ADMIN_PASSWORD, else the first line of a redirected
/// stdin, else typed twice at a prompt that does not echo. It must meet the same policy as every password (PasswordRules).
/// </summary>
public static class CreateAdminCommand
{
    public const string Usage = "用法：airplan create-admin --name 用户名 [--display-name 姓名]（密码取自环境变量 AIRPLAN_ADMIN_PASSWORD、标准输入或提示输入）";
    public const string PasswordVariable = "AIRPLAN_ADMIN_PASSWORD";

    public static async Task<int> RunAsync(CliHost cli, string[] args, TextWriter stdout, TextWriter stderr)
    {
        var userName = Option(args, "--name") ?? args.FirstOrDefault(a => !a.StartsWith("--"));
        var displayName = Option(args, "--display-name") ?? "系统管理员";
        if (string.IsNullOrWhiteSpace(userName) || args.Length > 0 && args[^1] is "--name" or "--display-name")
        {
            await stderr.WriteLineAsync(Usage);
            return 2;
        }

        using var host = await cli.StartAsync();
        var password = host.Services.GetRequiredService<IConfiguration>()[PasswordVariable] ?? ReadPassword(stdout);
        if (string.IsNullOrEmpty(password))
        {
            await stderr.WriteLineAsync($"未提供密码：请设置环境变量 {PasswordVariable}，或从标准输入提供，或在终端中按提示输入。");
            return 2;
        }

        using var scope = host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in AppRoles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));

        if (await users.FindByNameAsync(userName) is not null)
        {
            await stderr.WriteLineAsync($"账号「{userName}」已存在，未做更改。");
            return 1;
        }
        // The operator chose this password, so no change is forced at first sign-in.
        var user = new AppUser { UserName = userName, DisplayName = displayName, EmailConfirmed = true };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            await stderr.WriteLineAsync("创建失败：" + string.Join("；", created.Errors.Select(e => e.Description)));
            return 1;
        }
        await users.AddToRoleAsync(user, AppRoles.Admin);
        await host.StopAsync();
        await stdout.WriteLineAsync($"已创建系统管理员「{userName}」（{displayName}），请用设置的密码登录。");
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>A redirected stdin's first line, or the password typed twice without echo at a terminal.</summary>
    private static string? ReadPassword(TextWriter stdout)
    {
        if (Console.IsInputRedirected) return Console.In.ReadLine();
        var first = Prompt(stdout, "请输入新管理员的密码：");
        var second = Prompt(stdout, "请再次输入密码：");
        if (first == second) return first;
        stdout.WriteLine("两次输入的密码不一致。");
        return null;
    }

    private static string Prompt(TextWriter stdout, string label)
    {
        stdout.Write(label);
        stdout.Flush();
        var typed = new StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace) { if (typed.Length > 0) typed.Length--; }
            else if (!char.IsControl(key.KeyChar)) typed.Append(key.KeyChar);
        }
        stdout.WriteLine();
        return typed.ToString();
    }
}

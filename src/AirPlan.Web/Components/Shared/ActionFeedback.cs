using AirPlan.Web.Common;
using MudBlazor;

namespace AirPlan.Web.Components.Shared;

/// <summary>Runs a user's action and says how it went in Chinese: refusals and conflicts become messages, not error pages.</summary>
public static class ActionFeedback
{
    /// <param name="done">The success message; null for a step that says nothing when it works (a preview).</param>
    public static async Task<bool> RunAsync(ISnackbar snackbar, Func<Task> action, string? done)
    {
        try
        {
            await action();
            if (done is not null) snackbar.Add(done, Severity.Success);
            return true;
        }
        catch (Exception e) when (UserMessages.Of(e) is { } message)
        {
            Show(snackbar, message);
        }
        return false;
    }

    /// <summary>A message as a snackbar: conflicts and outages warn (look again, try again), refusals and broken rules are errors.</summary>
    public static void Show(ISnackbar snackbar, UserMessage message) =>
        snackbar.Add(message.Text, message.Kind is UserMessageKind.Conflict or UserMessageKind.Unavailable ? Severity.Warning : Severity.Error);
}

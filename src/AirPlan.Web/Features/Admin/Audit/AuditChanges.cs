using System.Globalization;
using System.Text.Json;
using AirPlan.Core.Domain;
using AirPlan.Core.Formatting;

namespace AirPlan.Web.Features.Admin.Audit;

/// <summary>One changed field of a history row, as people read it: 字段：旧值 → 新值; null = that side does not record it.</summary>
public sealed record AuditChange(string Field, string? Before, string? After);

/// <summary>
/// Turns a history row's before/after JSON (written by <c>AuditLog</c> with the code's English property names and UTC ISO
/// times) into Chinese field names and readable values: statuses in the offices' words, times in local time, 是/否.
/// Fields that did not change are left out.
/// </summary>
public static class AuditChanges
{
    private static readonly Dictionary<string, string> FieldNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Status"] = "状态", ["SubmittedAt"] = "提交时间", ["CompletedAt"] = "完成时间", ["SendBackReason"] = "退回原因",
        ["Period"] = "报送期", ["Progress"] = "进展情况", ["Problems"] = "存在问题", ["NextSteps"] = "下步计划",
        ["PercentComplete"] = "完成进度", ["Title"] = "名称", ["Text"] = "内容", ["IsContinuous"] = "持续推进",
        ["DueOn"] = "完成时限", ["Name"] = "名称", ["Alias"] = "别名", ["Source"] = "原单位", ["Target"] = "并入单位",
        ["Moved"] = "转移责任分工", ["Zone"] = "开发区（园区）", ["Key"] = "方案标识", ["Region"] = "地区",
        ["Tasks"] = "任务数", ["Assignments"] = "责任分工数", ["Milestones"] = "完成时限数", ["SourceSha256"] = "文件指纹",
        ["UserName"] = "用户名", ["DisplayName"] = "姓名", ["Role"] = "角色", ["Roles"] = "角色", ["Units"] = "单位",
        ["Regions"] = "地区", ["IsDisabled"] = "已停用", ["FileName"] = "文件名", ["Size"] = "大小", ["ContentType"] = "文件类型",
        ["Reason"] = "原因", ["Combined"] = "合并为一条的责任分工", ["LeadUnits"] = "牵头单位", ["SupportingUnits"] = "责任（配合）单位",
        ["TownshipScope"] = "落实乡镇（街道）", ["Added"] = "新增分工", ["Closed"] = "撤销分工", ["RoleChanged"] = "调整角色",
        ["Reopened"] = "恢复分工", ["Ip"] = "IP地址", ["UserAgent"] = "浏览器", ["DocumentNumber"] = "文号", ["RequiredBy"] = "限期完成",
        ["ReplyBy"] = "反馈期限", ["DaysOverdue"] = "逾期天数", ["OriginalDeadline"] = "原定完成时限", ["Message"] = "催办内容",
        ["DueSoonDays"] = "临期提醒天数", ["EscalateAfterDays"] = "逾期督办天数", ["ReviewWaitingDays"] = "待核验提醒天数",
        ["Corrections"] = "更正", ["Channel"] = "渠道", ["Url"] = "地址", ["Unit"] = "单位", ["ReplyText"] = "反馈内容",
        ["Number"] = "编号", ["Deadlines"] = "完成时限", ["Revision"] = "版本", ["Changes"] = "变更",
        ["Townships"] = "乡镇（街道）", ["Files"] = "附件", ["Sha256"] = "文件指纹",
    };

    public static IReadOnlyList<AuditChange> Of(string? beforeJson, string? afterJson)
    {
        var before = Read(beforeJson);
        var after = Read(afterJson);
        var changes = new List<AuditChange>();
        foreach (var key in before.Keys.Concat(after.Keys).Distinct())
        {
            var (old, @new) = (before.GetValueOrDefault(key), after.GetValueOrDefault(key));
            if (before.ContainsKey(key) && after.ContainsKey(key) && old == @new) continue;
            // A side that records the field as empty shows “—”; a side that does not record it at all is left out of the line.
            changes.Add(new AuditChange(NameOf(key),
                before.ContainsKey(key) ? old ?? "—" : null, after.ContainsKey(key) ? @new ?? "—" : null));
        }
        return changes;
    }

    /// <summary>One line per change: 字段：旧值 → 新值 (or 字段：值 when the row records only one side).</summary>
    public static string Line(AuditChange change) => (change.Before, change.After) switch
    {
        (null, var after) => $"{change.Field}：{after ?? "—"}",
        (var before, null) => $"{change.Field}：{before} → —",
        var (before, after) => $"{change.Field}：{before} → {after}",
    };

    private static Dictionary<string, string?> Read(string? json)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(json)) return values;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return values;
            foreach (var property in document.RootElement.EnumerateObject()) values[property.Name] = Value(property.Value);
        }
        catch (JsonException)
        {
            values["内容"] = json; // written before the history was JSON: shown as it is
        }
        return values;
    }

    private static string? Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => "是",
        JsonValueKind.False => "否",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Array => string.Join("、", value.EnumerateArray().Select(v => Value(v) ?? "—")),
        // An empty text is shown as “—” like a missing one (a task whose townships were all removed, not a blank after →).
        JsonValueKind.String => value.GetString() is { Length: > 0 } text ? Text(text) : null,
        // Records inside a value (a 督办单 reply's files) read as 字段：值 too, not as JSON with the code's English names.
        JsonValueKind.Object => string.Join("，", value.EnumerateObject().Select(p => $"{NameOf(p.Name)}：{Value(p.Value) ?? "—"}")),
        _ => value.GetRawText(),
    };

    private static string NameOf(string key) => FieldNames.GetValueOrDefault(key, key);

    private static string Text(string text)
    {
        if (Enum.TryParse<AssignmentStatus>(text, out var status) && !int.TryParse(text, out _)) return StatusTitles.Of(status);
        if (Enum.TryParse<AssignmentRole>(text, out var role) && !int.TryParse(text, out _)) return StatusTitles.Of(role);
        if (text.Length >= 19 && text[10] == 'T'
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var moment))
            return ChineseDate.Format(moment);
        if (text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return ChineseDate.Format(day);
        return text;
    }
}

namespace AirPlan.Web.Common;

/// <summary>Someone else changed the row since it was read; the UI reloads and says so instead of overwriting.</summary>
public sealed class ConcurrencyConflictException()
    : Exception("该任务已被他人更新（例如已被核验或退回），为避免覆盖，本次操作未保存。请刷新后查看最新状态再操作。");

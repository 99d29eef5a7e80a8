namespace AirPlan.Core.Domain;

/// <summary>A unit's part in a task (task × unit × role); its status is what people report on.</summary>
/// <remarks>Status moves only through the methods below; see docs/status-model.md.</remarks>
public class Assignment : IHasTimestamps
{
    public int Id { get; private set; }
    public int TaskId { get; private set; }
    public PlanTask? Task { get; private set; }
    public int UnitId { get; private set; }
    public Unit? Unit { get; private set; }
    public AssignmentRole Role { get; private set; }
    public AssignmentStatus Status { get; private set; } = AssignmentStatus.NotStarted;
    public DateTimeOffset? StatusChangedAt { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    /// <summary>Why the last submission was sent back (退回原因); cleared on resubmission.</summary>
    public string? SendBackReason { get; private set; }
    public List<Checkpoint> Checkpoints { get; private set; } = [];
    /// <summary>Every status entered after 未启动, oldest first; what the assignment looked like on any past date.</summary>
    public List<StatusChange> StatusChanges { get; private set; } = [];
    /// <summary>
    /// 已撤销: a coordinator's correction took this unit off the task (the import got it wrong, or the duty moved). The row
    /// keeps its reports and evidence and stays on the task page, but no longer counts anywhere (ADR 012).
    /// </summary>
    public DateTimeOffset? ClosedAt { get; private set; }
    public string? ClosedReason { get; private set; }
    public bool IsClosed => ClosedAt is not null;
    /// <summary>Concurrency token (PostgreSQL xmin).</summary>
    public uint Version { get; private set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    private Assignment() { }

    internal Assignment(PlanTask task, Unit unit, AssignmentRole role)
    {
        Task = task;
        Unit = unit;
        Role = role;
    }

    /// <summary>Moves this work to another unit when two units turn out to be one (单位合并); history stays with the assignment.</summary>
    public void TransferTo(Unit unit)
    {
        if (unit.RegionId != 0 && Unit is { RegionId: not 0 } current && current.RegionId != unit.RegionId)
            throw new DomainException("只能合并同一地区的单位");
        Unit = unit;
        UnitId = unit.Id;
    }

    /// <summary>已撤销 (see <see cref="ClosedAt"/>); the history stays, the unit no longer owes this work.</summary>
    internal void Close(string reason, DateTimeOffset now)
    {
        if (IsClosed) return;
        FieldLimits.Check(reason, FieldLimits.SendBackReason, "撤销原因");
        ClosedAt = now;
        ClosedReason = reason;
    }

    /// <summary>The unit is given the task again: its earlier reports and status count again rather than a second row.</summary>
    internal void Reopen()
    {
        ClosedAt = null;
        ClosedReason = null;
    }

    /// <summary>A unit's role on the task changes (配合 → 牵头): the same row with its history, never a second row.</summary>
    internal void ChangeRole(AssignmentRole role) => Role = role;

    /// <summary>Whether this row or the other should stay when one unit holds two on the same task: 牵头 wins, then 落实, then 配合.</summary>
    public static int RoleRank(AssignmentRole role) => role switch
    {
        AssignmentRole.Lead => 0,
        AssignmentRole.Implementing => 1,
        _ => 2,
    };

    private void EnsureOpen()
    {
        if (IsClosed) throw new DomainException("该责任分工已撤销，不再报送或核验");
    }

    /// <summary>A progress report moves unstarted work to 推进中; finished or waiting work keeps its status.</summary>
    public void RecordProgress(DateTimeOffset now)
    {
        EnsureOpen();
        if (Status == AssignmentStatus.Completed) throw new DomainException("该任务已核验完成，不能再报送进展");
        if (Status == AssignmentStatus.NotStarted) Move(AssignmentStatus.InProgress, now);
    }

    /// <summary>提交完成: the unit says the work is done and has attached evidence.</summary>
    public void Submit(int evidenceCount, DateTimeOffset now)
    {
        EnsureOpen();
        if (WhyNotSubmittable(Status, evidenceCount) is { } why) throw new DomainException(why);
        SubmittedAt = now;
        SendBackReason = null;
        Move(AssignmentStatus.Submitted, now);
    }

    /// <summary>
    /// Why 提交完成 would be refused, or null when it may go ahead. Screens ask before offering the button (so the unit
    /// reads what is missing before the dialog), and <see cref="Submit"/> asks again when it is done.
    /// </summary>
    public static string? WhyNotSubmittable(AssignmentStatus status, int evidenceCount) => status switch
    {
        AssignmentStatus.Submitted => "已提交待核验，请等待督办员核验",
        AssignmentStatus.Completed => "该任务已核验完成",
        _ when evidenceCount <= 0 => "提交完成前请至少上传一份佐证材料",
        _ => null,
    };

    /// <summary>核验通过.</summary>
    public void Verify(DateTimeOffset now)
    {
        EnsureOpen();
        if (Status != AssignmentStatus.Submitted) throw new DomainException("只有“已提交待核验”的任务可以核验");
        CompletedAt = now;
        Move(AssignmentStatus.Completed, now);
    }

    /// <summary>退回: back to 推进中 with a reason the unit will see.</summary>
    public void SendBack(string reason, DateTimeOffset now)
    {
        EnsureOpen();
        if (Status != AssignmentStatus.Submitted) throw new DomainException("只有“已提交待核验”的任务可以退回");
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("退回时请填写退回原因");
        FieldLimits.Check(reason, FieldLimits.SendBackReason, "退回原因");
        SendBackReason = reason.Trim();
        SubmittedAt = null;
        Move(AssignmentStatus.InProgress, now);
    }

    /// <summary>持续推进: for ongoing work without a dated deadline, instead of completion.</summary>
    public void MarkContinuous(DateTimeOffset now)
    {
        EnsureOpen();
        if (Task is { IsContinuous: false, Milestones.Count: > 0 })
            throw new DomainException("该任务有明确完成时限，不能标记为持续推进");
        if (Status == AssignmentStatus.Completed) throw new DomainException("该任务已核验完成");
        Move(AssignmentStatus.Continuous, now);
    }

    /// <summary>A coordinator's correction of the status (audited by the caller); bypasses the workflow on purpose.</summary>
    public void OverrideStatus(AssignmentStatus status, DateTimeOffset now)
    {
        EnsureOpen();
        if (status == Status) return;
        CompletedAt = status == AssignmentStatus.Completed ? now : null;
        SubmittedAt = status == AssignmentStatus.Submitted ? now : null;
        Move(status, now);
    }

    /// <summary>Records that this unit reached one of its task's milestones.</summary>
    public Checkpoint CompleteCheckpoint(Milestone milestone, DateOnly doneOn, string? note, DateTimeOffset now)
    {
        EnsureOpen();
        if (milestone.TaskId != TaskId && !ReferenceEquals(milestone.Task, Task))
            throw new DomainException("该时间节点不属于本任务");
        if (Status == AssignmentStatus.Completed) throw new DomainException("该任务已核验完成");
        var checkpoint = Checkpoints.FirstOrDefault(c => c.MilestoneId == milestone.Id && milestone.Id != 0);
        if (checkpoint is null)
        {
            checkpoint = new Checkpoint(this, milestone);
            Checkpoints.Add(checkpoint);
        }
        checkpoint.MarkDone(doneOn, note, now);
        RecordProgress(now);
        return checkpoint;
    }

    private void Move(AssignmentStatus status, DateTimeOffset now)
    {
        Status = status;
        StatusChangedAt = now;
        StatusChanges.Add(new StatusChange(this, status, now));
    }
}

public enum AssignmentRole
{
    /// <summary>牵头单位</summary>
    Lead,
    /// <summary>配合/责任单位</summary>
    Supporting,
    /// <summary>落实乡镇</summary>
    Implementing,
}

public enum AssignmentStatus
{
    /// <summary>未启动</summary>
    NotStarted,
    /// <summary>推进中</summary>
    InProgress,
    /// <summary>已提交待核验</summary>
    Submitted,
    /// <summary>已完成</summary>
    Completed,
    /// <summary>持续推进</summary>
    Continuous,
}

"""What approving a review publishes: exactly the revision the moderator reviewed
(Wagtail's default publishes the latest revision, which may have arrived after the
review started). Set as ``WAGTAIL_FINISH_WORKFLOW_ACTION``."""


def publish_reviewed_revision(workflow_state, user=None):
    """Publish the revision of the task that was approved last."""
    task_state = (
        workflow_state.task_states.filter(revision__isnull=False)
        .order_by("-finished_at", "-id")
        .first()
    )
    revision = (
        task_state.revision
        if task_state is not None
        else workflow_state.content_object.get_latest_revision()
    )
    # Approving the task is the permission: Moderators may publish only this way.
    revision.publish(user=user, skip_permission_checks=True)

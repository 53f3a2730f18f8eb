-- What Devolve's startCommentThread writes, as one function the peers call: the thread, its first
-- comment, their two activity rows (whose insert takes the commit-order lock, by Devolve's own
-- trigger on activity) and a NOTIFY per activity row. PostGraphile exposes it as the mutation
-- peerStartCommentThread, the raw floor calls it in its one statement. The channel is not Devolve's,
-- so the Devolve process on the same database does not fan the peers' events out. Not checked here,
-- unlike in Devolve: that the author may write in the thread (PostGraphile's role may insert; the
-- floor trusts its caller), the body's length and mentions.
create function peer_start_comment_thread(proposal_id integer, author_id integer, body text) returns integer
language sql volatile as $$
  with proposal as (
    select id, campaign_id from proposals where id = proposal_id
  ), thread as (
    insert into comment_threads (proposal_id, visibility, author_id)
    select id, 'internal', author_id from proposal returning id
  ), comment as (
    insert into comments (thread_id, author_id, body) select id, author_id, body from thread returning id, thread_id
  ), logged as (
    insert into activity (actor_id, action, entity_type, entity_id, campaign_id, proposal_id, internal, after)
    select author_id, 'comment_thread.started', 'comment_thread', thread.id, proposal.campaign_id, proposal.id, true,
      jsonb_build_object('anchor', null, 'visibility', 'internal')
    from thread, proposal
    union all
    select author_id, 'comment.created', 'comment', comment.id, proposal.campaign_id, proposal.id, true,
      jsonb_build_object('threadId', comment.thread_id, 'mentionedUserIds', '[]'::jsonb)
    from comment, proposal
    returning id, entity_type, entity_id
  ), notified as (
    select count(pg_notify('peer_activity', json_build_object('activityId', id, 'entity', entity_type, 'id', entity_id)::text)) as n from logged
  )
  select thread.id from thread, notified
$$;
grant insert on comment_threads, comments, activity to devolve_peer_reviewer;
create policy team_writes_threads on comment_threads for insert to devolve_peer_reviewer with check (true);

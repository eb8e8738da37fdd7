-- The open items' index also holds when each item was created, so the week summary
-- counts the items overdue at a moment from the open items alone, without a row lookup
-- for each of them.
DROP INDEX action_items_open;
CREATE INDEX action_items_open ON action_items(due_on, created_at) WHERE status = 'open';

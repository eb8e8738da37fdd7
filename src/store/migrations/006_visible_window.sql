-- Indexes that keep each screen's reads to what it shows, however many years are kept.
-- The action items pane lists done, dropped or all items soonest due first (undated last)
-- or oldest first: read through these in that order, a list stops at the rows it shows.
CREATE INDEX action_items_status_due ON action_items(status, due_on IS NULL, due_on);
CREATE INDEX action_items_due ON action_items(due_on IS NULL, due_on);
CREATE INDEX action_items_status_created ON action_items(status, created_at);
-- By seller (name order), then soonest due: read seller by seller in that order.
DROP INDEX action_items_seller;
CREATE INDEX action_items_seller ON action_items(seller_id, status, due_on IS NULL, due_on);
CREATE INDEX action_items_seller_due ON action_items(seller_id, due_on IS NULL, due_on);

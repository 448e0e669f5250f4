"""The official statistics tables: forms, cells, glued digits, rows → statistics."""

def column_help(table, column, model=None):
    return None

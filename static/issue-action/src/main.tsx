import { mount } from '../../shared/ui/mount';
import { IssueAction } from './IssueAction';

mount(<IssueAction />);
